package dev.gatehouse.core.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents, in each handshake, the certificate {@link ServerCertificates} chooses for the server
 * name the client asked for. JSSE calls it during the handshake with the name already parsed, so
 * one SSL context serves every name: nothing is built or cached per name a client makes up, and no
 * handshake waits for another thread. When no certificate serves the name, it offers none and the
 * handshake fails, as Express Gateway's "cannot start TLS SNI - no cert configured".
 */
final class SniKeyManager extends X509ExtendedKeyManager {

  private static final Logger LOG = LoggerFactory.getLogger(SniKeyManager.class);

  private final ServerCertificates certificates;

  SniKeyManager(ServerCertificates certificates) {
    this.certificates = certificates;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
  }

  private String choose(String keyType, SSLSession handshake) {
    ServerCertificate certificate = certificates.select(handshake);
    if (certificate == null) {
      LOG.debug(
          "tls_no_certificate server_name={} key_type={}",
          ServerCertificates.serverName(handshake),
          keyType);
      return null;
    }
    return certificate.suits(keyType) ? certificate.alias() : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String[] aliases =
        certificates.all().stream()
            .filter(c -> c.suits(keyType))
            .map(ServerCertificate::alias)
            .toArray(String[]::new);
    return aliases.length == 0 ? null : aliases;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    ServerCertificate certificate = certificates.byAlias(alias);
    return certificate == null ? null : certificate.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    ServerCertificate certificate = certificates.byAlias(alias);
    return certificate == null ? null : certificate.key();
  }

  /** The gateway never authenticates as a TLS client with these keys. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
