package dev.gatehouse.core.server.tls;

import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/**
 * Chooses the certificate for a server name as Express Gateway does: the first glob (in the order
 * written) that matches the name the client asks for, else {@code default}, else none, and the
 * handshake fails. A client that sends no name gets {@code default}. Immutable; shared by every
 * event loop and the JSSE handshake code.
 */
final class ServerCertificates {

  private final ServerCertificate[] all;
  private final ServerCertificate[] named;
  private final ServerCertificate fallback;

  /**
   * @param certificates the entries in the order written, {@code default} among them or not
   */
  ServerCertificates(List<ServerCertificate> certificates) {
    this.all = certificates.toArray(ServerCertificate[]::new);
    this.named =
        certificates.stream().filter(c -> c.glob() != null).toArray(ServerCertificate[]::new);
    this.fallback = certificates.stream().filter(c -> c.glob() == null).findFirst().orElse(null);
  }

  /** Every entry, in the order written. */
  List<ServerCertificate> all() {
    return List.of(all);
  }

  /** The entry with {@code alias}, or null. */
  ServerCertificate byAlias(String alias) {
    for (ServerCertificate certificate : all) {
      if (certificate.alias().equals(alias)) {
        return certificate;
      }
    }
    return null;
  }

  /** The entry serving {@code serverName} (lower-case, or null when the client sent none). */
  ServerCertificate select(String serverName) {
    if (serverName != null) {
      for (ServerCertificate certificate : named) {
        if (certificate.glob().matches(serverName)) {
          return certificate;
        }
      }
    }
    return fallback;
  }

  /** The entry serving the name asked for in {@code session} (during or after the handshake). */
  ServerCertificate select(SSLSession session) {
    return select(serverName(session));
  }

  /** The host name the client sent (SNI), lower-case, or null. */
  static String serverName(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName().toLowerCase(Locale.ROOT);
        }
      }
    }
    return null;
  }
}
