package dev.gatehouse.core.proxy;

import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.Locale;

/**
 * One URL of a service endpoint, parsed once: where to connect and which path to prepend.
 *
 * @param ssl whether to speak TLS
 * @param host the host to connect to
 * @param port the port, defaulted from the scheme
 * @param basePath the URL's path, {@code ""} when it has none
 * @param authority the {@code Host} header value for {@code changeOrigin}
 */
record UpstreamTarget(boolean ssl, String host, int port, String basePath, HostAndPort authority) {

  static UpstreamTarget parse(String url) {
    URI uri = URI.create(url);
    boolean ssl = uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean defaultPort = uri.getPort() < 0 || port == (ssl ? 443 : 80);
    HostAndPort authority = HostAndPort.authority(uri.getHost(), defaultPort ? -1 : port);
    return new UpstreamTarget(ssl, host, port, path, authority);
  }
}
