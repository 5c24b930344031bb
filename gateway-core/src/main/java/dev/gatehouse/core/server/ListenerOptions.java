package dev.gatehouse.core.server;

import dev.gatehouse.core.server.tls.ServerTls;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP server settings every Gatehouse listener shares: HTTP/1.1 and HTTP/2 (h2c by prior
 * knowledge or upgrade on plain listeners, h2 through ALPN on TLS ones), bounded request lines and
 * headers, and a two-minute idle timeout, which also closes idle WebSocket tunnels.
 */
public final class ListenerOptions {

  /** Longest request line accepted; longer ones are answered 414. */
  public static final int MAX_REQUEST_LINE = 8192;

  /** Largest header block accepted; larger ones are answered 431. */
  public static final int MAX_HEADER_BYTES = 16384;

  private ListenerOptions() {}

  public static HttpServerOptions http(String host, int port) {
    return new HttpServerOptions()
        .setHost(host == null ? "0.0.0.0" : host)
        .setPort(port)
        .setMaxInitialLineLength(MAX_REQUEST_LINE)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setHandle100ContinueAutomatically(true)
        .setCompressionSupported(false)
        .setTcpNoDelay(true)
        // Every handler runs on the connection's event loop, so Vert.x can skip its cross-thread
        // queueing of request events.
        .setStrictThreadMode(true)
        .setHttp2ClearTextEnabled(true)
        .setIdleTimeout(120);
  }

  /** The settings of an {@code https} listener: {@link #http} with {@code tls} on. */
  public static HttpServerOptions https(String host, int port, ServerTls tls) {
    return tls.applyTo(http(host, port));
  }
}
