package dev.gatehouse.core.server;

import io.vertx.core.http.HttpServerOptions;

/** The HTTP server settings every Gatehouse listener shares. */
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
        .setIdleTimeout(120);
  }
}
