package dev.gatehouse.core.proxy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.core.pipeline.HttpExchange;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;

/**
 * What the proxy needs to know of how the client spoke, beyond the plugin API's view of the
 * request: the protocol version and a WebSocket upgrade. Exchanges that are not a listener's (tests
 * of a policy alone) read as HTTP/1.1 without upgrade.
 */
final class ClientRequest {

  private ClientRequest() {}

  /** Whether the client asks to open a WebSocket (an HTTP/1.1 GET with {@code Upgrade}). */
  static boolean isWebSocketUpgrade(Exchange exchange) {
    return exchange.method() == HttpMethod.GET
        && exchange instanceof HttpExchange http
        && http.request().canUpgradeToWebSocket();
  }

  static boolean isHttp2(Exchange exchange) {
    return exchange instanceof HttpExchange http && http.request().version() == HttpVersion.HTTP_2;
  }

  /**
   * The authority the client addressed, as a {@code Host} value: its {@code Host} header, or for
   * HTTP/2, which carries it as the {@code :authority} pseudo-header, that one.
   */
  static String authority(Exchange exchange) {
    String host = exchange.headers().get(HttpHeaders.HOST);
    if (host != null || !(exchange instanceof HttpExchange http)) {
      return host;
    }
    HostAndPort authority = http.request().authority();
    return authority == null ? null : authority.toString();
  }
}
