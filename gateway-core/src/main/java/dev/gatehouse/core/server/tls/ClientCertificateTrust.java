package dev.gatehouse.core.server.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks client certificates during the handshake against the CAs of the certificate serving the
 * client's server name. With Node's {@code rejectUnauthorized: false} it lets every certificate
 * through, as Node does; {@link ServerTls#verifies} then gives the verdict that {@code
 * tlsClientAuthenticated} reads. Stateless; shared by every handshake.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {

  private final ServerCertificates certificates;
  private final boolean required;
  private final X509Certificate[] acceptedIssuers;

  /**
   * @param required whether a certificate that does not verify fails the handshake
   * @param acceptedIssuers every CA the listener trusts, named to clients in the handshake
   */
  ClientCertificateTrust(
      ServerCertificates certificates, boolean required, X509Certificate[] acceptedIssuers) {
    this.certificates = certificates;
    this.required = required;
    this.acceptedIssuers = acceptedIssuers;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (required) {
      trust(engine == null ? null : engine.getHandshakeSession())
          .checkClientTrusted(chain, authType, engine);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (required) {
      trust(socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null)
          .checkClientTrusted(chain, authType, socket);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (required) {
      trust(null).checkClientTrusted(chain, authType);
    }
  }

  private X509ExtendedTrustManager trust(SSLSession handshake) throws CertificateException {
    ServerCertificate certificate = certificates.select(handshake);
    if (certificate == null || certificate.clientTrust() == null) {
      throw new CertificateException("no CA is configured for client certificates");
    }
    return certificate.clientTrust();
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }

  /** A server-side trust manager: it never checks servers. */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the gateway listener does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the gateway listener does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the gateway listener does not verify servers");
  }
}
