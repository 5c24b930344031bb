package dev.gatehouse.core.cli;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse keys rotate} on the wire, against an HTTP server that answers {@code POST
 * /keys/rotate} as the Admin API does with a generated key (200 and the new {@code kid}) and with a
 * configured one (409): the new key id is printed in each output mode, a refusal is reported with
 * its status and detail and a non-zero exit.
 */
class KeysCommandTest {

  private static Vertx vertx;
  private static HttpServer generated;
  private static HttpServer configured;
  private static final List<String> CALLS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    generated =
        join(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      CALLS.add(request.method() + " " + request.path());
                      if (request.method() == HttpMethod.POST
                          && request.path().equals("/keys/rotate")) {
                        request
                            .response()
                            .putHeader("content-type", "application/json")
                            .end(new JsonObject().put("kid", "kid-2").encode());
                      } else {
                        request.response().setStatusCode(404).end();
                      }
                    })
                .listen(0));
    configured =
        join(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .response()
                            .setStatusCode(409)
                            .putHeader("content-type", "application/problem+json")
                            .end(
                                new JsonObject()
                                    .put("type", "about:blank")
                                    .put("title", "Conflict")
                                    .put("status", 409)
                                    .put("code", "resource.conflict")
                                    .put("detail", "system.config.yml configures the signing key")
                                    .encode()))
                .listen(0));
  }

  @AfterAll
  static void stop() {
    join(vertx.close());
  }

  @BeforeEach
  void clear() {
    CALLS.clear();
  }

  private static Cli at(HttpServer server) {
    return Cli.at("http://127.0.0.1:" + server.actualPort());
  }

  @Test
  void rotatePostsOnceAndPrintsTheNewKeyId() {
    Cli.Result table = at(generated).run("keys", "rotate");
    Cli.Result quiet = at(generated).run("key", "rotate", "-q");
    Cli.Result json = at(generated).run("keys", "rotate", "--json");

    assertThat(table.status()).as(table.toString()).isZero();
    assertThat(table.lines()).containsExactly("Rotated: the signing key is now kid-2");
    assertThat(quiet.lines()).containsExactly("kid-2");
    assertThat(json.json().path("kid").asText()).isEqualTo("kid-2");
    assertThat(CALLS)
        .containsExactly("POST /keys/rotate", "POST /keys/rotate", "POST /keys/rotate");
  }

  @Test
  void aConfiguredKeyIsReportedAsRefused() {
    Cli.Result refused = at(configured).run("keys", "rotate");

    assertThat(refused.status()).isNotZero();
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .contains("system.config.yml configures the signing key")
        .contains("409");
  }
}
