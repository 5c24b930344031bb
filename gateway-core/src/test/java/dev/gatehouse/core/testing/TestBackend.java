package dev.gatehouse.core.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real upstream for tests: answers every request with a JSON echo of what it received (method,
 * uri, path, query, headers, body, backend name), and records each request.
 *
 * <p>Special paths: {@code /status/<code>} answers that status; {@code /slow/<ms>} answers after a
 * delay; {@code /stream/<n>} streams {@code n} chunks; {@code /hang} never answers.
 */
public final class TestBackend implements AutoCloseable {

  private final Vertx vertx;
  private final String name;
  private final HttpServer server;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();

  private TestBackend(Vertx vertx, String name, HttpServerOptions options) {
    this.vertx = vertx;
    this.name = name;
    this.server = vertx.createHttpServer(options.setPort(0).setHost("127.0.0.1"));
    server.requestHandler(this::handle);
    await(server.listen());
  }

  /** A plain HTTP backend. */
  public static TestBackend start(Vertx vertx, String name) {
    return new TestBackend(vertx, name, new HttpServerOptions());
  }

  /** A backend with custom server options (TLS, client authentication). */
  public static TestBackend start(Vertx vertx, String name, HttpServerOptions options) {
    return new TestBackend(vertx, name, options);
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Requests received so far, as the echo JSON. */
  public List<JsonObject> received() {
    return List.copyOf(received);
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              JsonObject echo =
                  new JsonObject()
                      .put("backend", name)
                      .put("method", request.method().name())
                      .put("uri", request.uri())
                      .put("path", request.path())
                      .put("query", request.query())
                      .put("headers", headers(request.headers()))
                      .put("body", body.toString());
              received.add(echo);
              answer(request, echo);
            });
  }

  private void answer(HttpServerRequest request, JsonObject echo) {
    String path = request.path();
    if (path.startsWith("/status/")) {
      request
          .response()
          .setStatusCode(Integer.parseInt(path.substring(8)))
          .putHeader("content-type", "application/json")
          .end(echo.encode());
    } else if (path.startsWith("/slow/")) {
      vertx.setTimer(
          Long.parseLong(path.substring(6)),
          t -> request.response().putHeader("content-type", "application/json").end(echo.encode()));
    } else if (path.startsWith("/stream/")) {
      int chunks = Integer.parseInt(path.substring(8));
      request.response().setChunked(true);
      for (int i = 0; i < chunks; i++) {
        request.response().write("chunk-" + i + "\n");
      }
      request.response().end();
    } else if (path.equals("/hang")) {
      // Never answers: the gateway's timeout must.
    } else {
      request
          .response()
          .putHeader("content-type", "application/json")
          .putHeader("x-backend", name)
          .end(echo.encode());
    }
  }

  private static JsonObject headers(MultiMap headers) {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, String> header : headers) {
      String key = header.getKey().toLowerCase(java.util.Locale.ROOT);
      Object previous = json.getValue(key);
      if (previous == null) {
        json.put(key, header.getValue());
      } else if (previous instanceof JsonArray array) {
        array.add(header.getValue());
      } else {
        json.put(key, new JsonArray().add(previous).add(header.getValue()));
      }
    }
    return json;
  }

  @Override
  public void close() {
    await(server.close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
