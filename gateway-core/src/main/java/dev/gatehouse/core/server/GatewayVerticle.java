package dev.gatehouse.core.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One listener instance on one event loop. The gateway deploys one per event loop on the same port;
 * Vert.x spreads connections over them.
 */
public final class GatewayVerticle extends VerticleBase {

  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> handler;
  private final long drainMillis;
  private final LongAdder connections;
  private HttpServer server;

  /**
   * @param drainMillis on stop, how long requests in flight may take to finish before their
   *     connections are closed
   */
  public GatewayVerticle(
      HttpServerOptions options, Handler<HttpServerRequest> handler, long drainMillis) {
    this(options, handler, drainMillis, null);
  }

  /**
   * @param drainMillis on stop, how long requests in flight may take to finish before their
   *     connections are closed
   * @param connections counts the open connections (shared by the listener's instances), or null
   */
  public GatewayVerticle(
      HttpServerOptions options,
      Handler<HttpServerRequest> handler,
      long drainMillis,
      LongAdder connections) {
    this.options = options;
    this.handler = handler;
    this.drainMillis = drainMillis;
    this.connections = connections;
  }

  @Override
  public Future<?> start() {
    HttpServer created = vertx.createHttpServer(options);
    if (connections != null) {
      created.connectionHandler(
          connection -> {
            connections.increment();
            connection.closeHandler(closed -> connections.decrement());
          });
    }
    return created
        .requestHandler(handler)
        .invalidRequestHandler(InvalidRequestHandler.INSTANCE)
        .listen()
        .onSuccess(s -> server = s);
  }

  /**
   * Stops gracefully: the listener stops accepting connections, idle connections close, and
   * requests in flight get up to the drain time to finish (HTTP/1.1 answers say {@code Connection:
   * close}, HTTP/2 connections get a GOAWAY).
   */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(drainMillis, TimeUnit.MILLISECONDS);
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
