package dev.gatehouse.plugins.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An issuer's JWKS endpoint on an ephemeral port: its keys can be rotated, it can fail, and it
 * counts the fetches it answered.
 */
final class JwksServer implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile List<JWK> keys;
  private volatile int status = 200;

  JwksServer(JWK... keys) {
    this.keys = List.of(keys);
    this.server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      fetches.incrementAndGet();
                      if (status != 200) {
                        request.response().setStatusCode(status).end();
                        return;
                      }
                      request
                          .response()
                          .putHeader("content-type", "application/json")
                          .end(new JWKSet(this.keys).toString(true));
                    })
                .listen(0, "127.0.0.1"));
  }

  String uri() {
    return "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
  }

  /** The keys the next fetch returns (public parts only). */
  void publish(JWK... keys) {
    this.keys = List.of(keys);
  }

  /** The status the next fetches answer with; 200 serves the keys. */
  void answer(int status) {
    this.status = status;
  }

  int fetches() {
    return fetches.get();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
