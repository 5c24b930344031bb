package dev.gatehouse.core.server.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One loaded entry of {@code https.tls}: the certificate the server presents and the CAs its client
 * certificates must chain to.
 *
 * @param name the entry's key as written ({@code default} or a glob), for logs
 * @param glob the server names it serves, or null for the {@code default} entry
 * @param alias its name towards the JSSE key manager
 * @param key the private key
 * @param chain the certificate first, then any intermediates
 * @param clientTrust verifies client certificates; null when no CA is configured for it
 */
record ServerCertificate(
    String name,
    ServerNameGlob glob,
    String alias,
    PrivateKey key,
    X509Certificate[] chain,
    X509ExtendedTrustManager clientTrust) {

  /**
   * Whether the key can serve a handshake that asks for {@code keyType}: JSSE asks by key algorithm
   * ({@code RSA}, {@code EC}, {@code EdDSA}, {@code RSASSA-PSS}).
   */
  boolean suits(String keyType) {
    String algorithm = key.getAlgorithm();
    return keyType.equals(algorithm)
        || (keyType.equals("EdDSA") && (algorithm.equals("Ed25519") || algorithm.equals("Ed448")));
  }

  @Override
  public String toString() {
    return "ServerCertificate[" + name + " " + chain[0].getSubjectX500Principal() + "]";
  }
}
