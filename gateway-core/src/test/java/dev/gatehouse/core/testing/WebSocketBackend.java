package dev.gatehouse.core.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real WebSocket upstream for tests: echoes text messages as text and binary ones as binary,
 * speaks the subprotocol {@code chat.v1}, and records every handshake it is asked for.
 *
 * <p>A path ending in {@code /reject} is refused with 403. A text message {@code close} makes it
 * close the WebSocket with status 4000.
 */
public final class WebSocketBackend implements AutoCloseable {

  /** The largest message echoed, in bytes. */
  public static final int MAX_MESSAGE = 4 * 1024 * 1024;

  /** A handshake as the backend saw it. */
  public record Handshake(String uri, MultiMap headers) {}

  private final HttpServer server;
  private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
  private final Promise<Short> closed = Promise.promise();

  private WebSocketBackend(Vertx vertx, HttpServerOptions options) {
    server =
        vertx.createHttpServer(
            options
                .setPort(0)
                .setHost("127.0.0.1")
                .setWebSocketSubProtocols(List.of("chat.v1"))
                .setMaxWebSocketMessageSize(MAX_MESSAGE));
    server.webSocketHandshakeHandler(this::handshake).webSocketHandler(this::echo);
    server.requestHandler(request -> request.response().setStatusCode(426).end());
    TestBackend.await(server.listen());
  }

  /** A plain ({@code ws}) backend. */
  public static WebSocketBackend start(Vertx vertx) {
    return new WebSocketBackend(vertx, new HttpServerOptions());
  }

  /** A backend with custom server options, e.g. TLS ({@code wss}). */
  public static WebSocketBackend start(Vertx vertx, HttpServerOptions options) {
    return new WebSocketBackend(vertx, options);
  }

  public int port() {
    return server.actualPort();
  }

  /** Handshakes asked for so far, refused ones included. */
  public List<Handshake> handshakes() {
    return List.copyOf(handshakes);
  }

  /** Completes with the close status the backend's WebSocket saw when it closed. */
  public Future<Short> closed() {
    return closed.future();
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(handshake.headers());
    handshakes.add(new Handshake(handshake.uri(), headers));
    if (handshake.path().endsWith("/reject")) {
      handshake.reject(403);
    } else {
      handshake.accept();
    }
  }

  private void echo(ServerWebSocket socket) {
    socket.textMessageHandler(
        text -> {
          if (text.equals("close")) {
            socket.close((short) 4000, "asked to");
          } else {
            socket.writeTextMessage(text);
          }
        });
    socket.binaryMessageHandler(socket::writeBinaryMessage);
    socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
  }

  @Override
  public void close() {
    TestBackend.await(server.close());
  }
}
