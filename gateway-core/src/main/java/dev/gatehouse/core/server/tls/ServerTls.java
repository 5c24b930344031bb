package dev.gatehouse.core.server.tls;

import dev.gatehouse.core.condition.TlsClientAuthenticatedConditionFactory;
import dev.gatehouse.core.config.ConfigDocument;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.GatewayConfig.HttpsListener;
import io.vertx.core.Handler;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the {@code https} listener, loaded once at start: certificates chosen by server
 * name (SNI), TLS 1.2 and 1.3 only, HTTP/2 offered through ALPN, and client certificates as Node's
 * {@code requestCert}/{@code rejectUnauthorized} ask. Immutable and thread-safe.
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.load(config.https().get(), configDirectory, config.document());
 * HttpServerOptions options = tls.applyTo(ListenerOptions.http(host, port));
 * Handler<HttpServerRequest> handler = tls.checkingClientCertificates(gatewayHandler);
 * }</pre>
 */
public final class ServerTls {

  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  private static final String VERDICT = TlsClientAuthenticatedConditionFactory.SESSION_VALUE;

  private final ServerCertificates certificates;
  private final ClientAuth clientAuth;
  private final SniKeyManager keyManager;
  private final ClientCertificateTrust clientTrust;

  ServerTls(ServerCertificates certificates, ClientAuth clientAuth, List<X509Certificate> cas) {
    this.certificates = certificates;
    this.clientAuth = clientAuth;
    this.keyManager = new SniKeyManager(certificates);
    this.clientTrust =
        new ClientCertificateTrust(
            certificates, clientAuth == ClientAuth.REQUIRED, cas.toArray(X509Certificate[]::new));
  }

  /**
   * Reads and checks the PEM files of {@code https}, relative to {@code configDirectory}. Blocking
   * file I/O: call it at start.
   *
   * @param document the file {@code https} was read from, to locate errors
   * @throws ConfigException naming the file, line and key of each unreadable or invalid file
   */
  public static ServerTls load(HttpsListener https, Path configDirectory, ConfigDocument document)
      throws ConfigException {
    return new ServerTlsLoader(configDirectory, document).load(https);
  }

  /** {@code options} with TLS on: the settings of an {@code https} listener. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    options
        .setSsl(true)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        // The key manager picks the certificate per server name inside the one SSL context;
        // Vert.x's own SNI would build and keep a context for every name a client sends.
        .setSni(false)
        .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
        .setClientAuth(clientAuth)
        // A handshake's key exchange, signatures and certificate checks are milliseconds of CPU
        // (much more for the first one, which loads the TLS classes); they run on workers so that
        // no event loop waits for them.
        .setSslEngineOptions(new JdkSSLEngineOptions().setUseWorkerThread(true));
    if (clientAuth != ClientAuth.NONE) {
      options.setTrustOptions(TrustOptions.wrap(clientTrust));
    }
    return options;
  }

  /**
   * {@code handler}, after recording on the request's TLS session whether its client certificate
   * verifies, the verdict {@code tlsClientAuthenticated} reads. It is taken once per session, at
   * its first request, so it holds for resumed sessions too; without {@code requestCert} no client
   * has a certificate and {@code handler} is returned as is.
   */
  public Handler<HttpServerRequest> checkingClientCertificates(Handler<HttpServerRequest> handler) {
    if (clientAuth == ClientAuth.NONE) {
      return handler;
    }
    return request -> {
      SSLSession session = request.sslSession();
      if (session != null && session.getValue(VERDICT) == null) {
        session.putValue(VERDICT, verifies(session));
      }
      handler.handle(request);
    };
  }

  /** Whether the client presented a certificate that chains to the CAs of its server name. */
  boolean verifies(SSLSession session) {
    X509Certificate[] chain = peerChain(session);
    if (chain == null) {
      return false;
    }
    ServerCertificate certificate = certificates.select(session);
    if (certificate == null || certificate.clientTrust() == null) {
      return false;
    }
    try {
      certificate.clientTrust().checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
      return true;
    } catch (CertificateException e) {
      LOG.debug(
          "tls_client_certificate_unverified subject={} error={}",
          chain[0].getSubjectX500Principal(),
          e.getMessage());
      return false;
    }
  }

  private static X509Certificate[] peerChain(SSLSession session) {
    Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
    X509Certificate[] chain = new X509Certificate[peer.length];
    for (int i = 0; i < peer.length; i++) {
      if (!(peer[i] instanceof X509Certificate x509)) {
        return null;
      }
      chain[i] = x509;
    }
    return chain.length == 0 ? null : chain;
  }

  @Override
  public String toString() {
    return "ServerTls[" + certificates.all() + " clientAuth=" + clientAuth + "]";
  }
}
