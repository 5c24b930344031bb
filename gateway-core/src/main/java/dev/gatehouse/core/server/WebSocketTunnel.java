package dev.gatehouse.core.server;

import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.pipeline.HttpExchange;
import dev.gatehouse.core.pipeline.ResponseWriter;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a WebSocket upgrade that a pipeline answered with {@code 101}: the proxy has opened the
 * upstream WebSocket and hands over its connection as the answer's body. The client gets the
 * upstream's handshake answer (accept key, subprotocol, extensions), then both connections are
 * spliced: WebSocket frames go through unchanged, with back-pressure each way, and when either side
 * closes, the other is closed.
 */
final class WebSocketTunnel {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);

  private static final Problem NOT_AN_UPGRADE =
      Problem.of(502, "upstream.bad_upgrade", "Bad Gateway")
          .withDetail("The pipeline switched protocols for a request that asked for no WebSocket.");

  private WebSocketTunnel() {}

  /** Answers {@code exchange}'s upgrade with {@code switching} (a 101) and starts relaying. */
  static void open(HttpExchange exchange, Response switching) {
    HttpServerRequest request = exchange.request();
    if (!(switching.bodyStream() instanceof NetSocket upstream)
        || !request.canUpgradeToWebSocket()) {
      LOG.error(
          "websocket_refused request_id={} pipeline={} error=a 101 answer without an upstream"
              + " WebSocket, or to a request that is no WebSocket upgrade",
          exchange.requestId(),
          exchange.pipelineName());
      if (switching.bodyStream() instanceof NetSocket stray) {
        stray.close();
      }
      ResponseWriter.write(request, Response.problem(NOT_AN_UPGRADE));
      return;
    }
    HttpServerResponse out = request.response();
    out.setStatusCode(101);
    out.headers().addAll(switching.headers());
    request
        .toNetSocket()
        .onSuccess(client -> splice(exchange, client, upstream))
        .onFailure(
            failure -> {
              LOG.warn(
                  "websocket_failed request_id={} pipeline={} error={}",
                  exchange.requestId(),
                  exchange.pipelineName(),
                  failure.toString());
              upstream.close();
            });
  }

  /** Closes the upstream WebSocket of a {@code 101} answer that will not be written. */
  static void release(Response answer) {
    if (answer.status() == 101 && answer.bodyStream() instanceof NetSocket upstream) {
      upstream.close();
    }
  }

  private static void splice(HttpExchange exchange, NetSocket client, NetSocket upstream) {
    LOG.debug(
        "websocket_opened request_id={} pipeline={}",
        exchange.requestId(),
        exchange.pipelineName());
    // A pipe ends its destination when its source ends or fails: a close on one side closes the
    // other, and each side is read only as fast as the other one takes the bytes.
    client.pipeTo(upstream);
    upstream.pipeTo(client);
    client.closeHandler(
        v ->
            LOG.debug(
                "websocket_closed request_id={} pipeline={}",
                exchange.requestId(),
                exchange.pipelineName()));
  }
}
