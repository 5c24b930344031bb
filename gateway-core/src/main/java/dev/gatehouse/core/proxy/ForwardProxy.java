package dev.gatehouse.core.proxy;

import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An intermediate HTTP proxy for upstream traffic, as Express Gateway takes it from {@code
 * http_proxy}/{@code HTTP_PROXY} (which win) or a proxy step's {@code proxyUrl}; hosts listed in
 * {@code no_proxy}/{@code NO_PROXY} are reached directly. Plain HTTP upstreams are requested
 * through it in absolute form, HTTPS ones through a {@code CONNECT} tunnel.
 */
final class ForwardProxy {

  private final ProxyOptions options;
  private final List<String> bypass;

  private ForwardProxy(ProxyOptions options, List<String> bypass) {
    this.options = options;
    this.bypass = bypass;
  }

  /**
   * @param url {@code http://[user:password@]host:port}
   * @param noProxy a comma-separated list of hosts or domain suffixes, or {@code *}; may be null
   * @throws IllegalArgumentException when the URL is not an http URL with a host
   */
  static ForwardProxy parse(String url, String noProxy) {
    URI uri;
    try {
      uri = URI.create(url.contains("://") ? url : "http://" + url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a proxy URL: " + url);
    }
    if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("expected http://host:port for the proxy, got " + url);
    }
    ProxyOptions options =
        new ProxyOptions()
            .setType(ProxyType.HTTP)
            .setHost(uri.getHost())
            .setPort(uri.getPort() > 0 ? uri.getPort() : 80);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      options.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        options.setPassword(decode(userInfo.substring(colon + 1)));
      }
    }
    List<String> bypass = new ArrayList<>();
    if (noProxy != null) {
      for (String entry : noProxy.split(",")) {
        String host = entry.trim().toLowerCase(Locale.ROOT);
        if (!host.isEmpty()) {
          bypass.add(host.startsWith(".") ? host.substring(1) : host);
        }
      }
    }
    return new ForwardProxy(options, List.copyOf(bypass));
  }

  /** The options to reach {@code host} with, or null when {@code host} bypasses the proxy. */
  ProxyOptions optionsFor(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    for (String entry : bypass) {
      if (entry.equals("*") || name.equals(entry) || name.endsWith("." + entry)) {
        return null;
      }
    }
    return options;
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    // Never the credentials.
    return "ForwardProxy[" + options.getHost() + ":" + options.getPort() + "]";
  }
}
