package dev.gatehouse.core.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * One listener instance on one event loop. The gateway deploys one per event loop on the same port;
 * Vert.x spreads connections over them.
 */
public final class GatewayVerticle extends VerticleBase {

  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> handler;
  private HttpServer server;

  public GatewayVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler) {
    this.options = options;
    this.handler = handler;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(options)
        .requestHandler(handler)
        .invalidRequestHandler(InvalidRequestHandler.INSTANCE)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
