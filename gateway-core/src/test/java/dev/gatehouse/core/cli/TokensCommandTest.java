package dev.gatehouse.core.cli;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse tokens revoke} on the wire, against an HTTP server that answers {@code DELETE
 * /tokens/:token} as the Admin API does with the token service (204, or 404 for an unknown token)
 * and without it (501): each token is sent URL-encoded, a refused one is reported and the others
 * still revoked, and a gateway that cannot revoke stops the command at once.
 */
class TokensCommandTest {

  private static Vertx vertx;
  private static HttpServer withTokens;
  private static HttpServer withoutTokens;
  private static final List<String> DELETED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    withTokens = join(vertx.createHttpServer().requestHandler(TokensCommandTest::revoke).listen(0));
    withoutTokens =
        join(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        problem(request, 501, "not_implemented", "token revocation is not offered"))
                .listen(0));
  }

  @AfterAll
  static void stop() {
    join(vertx.close());
  }

  @BeforeEach
  void clear() {
    DELETED.clear();
  }

  private static void revoke(HttpServerRequest request) {
    String token = request.path().substring("/tokens/".length());
    if (request.method() != HttpMethod.DELETE || !request.path().startsWith("/tokens/")) {
      problem(request, 404, "route.not_found", "no such endpoint");
    } else if (token.startsWith("live")) {
      DELETED.add(token);
      request.response().setStatusCode(204).end();
    } else {
      problem(request, 404, "resource.not_found", "Token not found");
    }
  }

  private static void problem(HttpServerRequest request, int status, String code, String detail) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(
            new JsonObject()
                .put("type", "about:blank")
                .put("title", "refused")
                .put("status", status)
                .put("code", code)
                .put("detail", detail)
                .encode());
  }

  private static Cli at(HttpServer server) {
    return Cli.at("http://127.0.0.1:" + server.actualPort());
  }

  @Test
  void eachTokenIsRevokedUrlEncodedAndReportedWithoutPrintingItWhole() {
    Cli.Result revoked =
        at(withTokens).run("tokens", "revoke", "live-0123456789|secret/part", "live-2|s");

    assertThat(revoked.status()).as(revoked.toString()).isZero();
    assertThat(DELETED).containsExactly("live-0123456789%7Csecret%2Fpart", "live-2%7Cs");
    assertThat(revoked.lines())
        .containsExactly("Revoked token live-012\u2026", "Revoked token live-2|s");
    assertThat(revoked.out()).doesNotContain("secret/part");
  }

  @Test
  void anUnknownTokenIsReportedAndTheOthersAreStillRevoked() {
    Cli.Result revoked = at(withTokens).run("token", "revoke", "gone|1", "live|2", "--json");

    assertThat(revoked.status()).isEqualTo(1);
    assertThat(revoked.err()).contains("Token not found [404 resource.not_found]");
    assertThat(DELETED).containsExactly("live%7C2");
    assertThat(revoked.json().get(0).path("status").asText()).isEqualTo("Revoked");
  }

  @Test
  void aGatewayWithoutTheTokenServiceStopsTheCommandAtTheFirstToken() {
    Cli.Result revoked = at(withoutTokens).run("tokens", "revoke", "abc|def", "ghi|jkl");

    assertThat(revoked.status()).isEqualTo(1);
    assertThat(revoked.out()).isEmpty();
    assertThat(revoked.err())
        .contains("this gateway cannot revoke tokens")
        .contains("501")
        .contains("not_implemented");
    assertThat(revoked.err().lines().count()).as("stops at the first 501").isEqualTo(1);
  }
}
