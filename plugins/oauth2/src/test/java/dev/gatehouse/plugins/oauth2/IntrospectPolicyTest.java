package dev.gatehouse.plugins.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Response;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code oauth2-introspect} policy against a real RFC 7662 endpoint on a real listener. */
class IntrospectPolicyTest {

  private final PolicyHarness harness = PolicyHarness.of(new IntrospectPolicyFactory());
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, JsonObject> answers = new ConcurrentHashMap<>();
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private HttpServer server;
  private int port;

  @BeforeEach
  void startEndpoint() throws Exception {
    server =
        harness
            .vertx()
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              calls.incrementAndGet();
                              seen.put(
                                  "authorization",
                                  String.valueOf(request.getHeader("authorization")));
                              seen.put("body", body.toString());
                              String token = body.toString().replaceAll("^token=([^&]*)&.*$", "$1");
                              if (token.equals("hang")) {
                                return;
                              }
                              if (token.equals("broken")) {
                                request.response().setStatusCode(500).end();
                                return;
                              }
                              JsonObject answer =
                                  answers.getOrDefault(
                                      token, new JsonObject().put("active", false));
                              request
                                  .response()
                                  .putHeader("content-type", "application/json")
                                  .end(answer.encode());
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private PolicyHarness policy(String extra) {
    return harness.withAction(
        "{endpoint: 'http://127.0.0.1:"
            + port
            + "/introspect', authorization_value: 'Basic abc'"
            + extra
            + "}");
  }

  private static TestRequest bearer(String token, List<String> scopes) {
    return TestRequest.get("/orders")
        .header("authorization", "Bearer " + token)
        .endpoint("orders", scopes);
  }

  @Test
  void anActiveTokenAuthenticatesAndIsAskedAboutOnceWithinItsTtl() {
    answers.put(
        "good", new JsonObject().put("active", true).put("sub", "ada").put("scope", "read write"));
    policy("");

    PolicyHarness.TestRun first = harness.run(bearer("good", List.of("read")));
    PolicyHarness.TestRun second = harness.run(bearer("good", List.of("read")));

    assertThat(first.outcome().proceeds()).isTrue();
    ConsumerIdentity consumer = first.exchange().consumer().orElseThrow();
    assertThat(consumer.id()).isEqualTo("ada");
    assertThat(consumer.scopes()).containsExactlyInAnyOrder("read", "write");
    assertThat(second.outcome().proceeds()).isTrue();
    assertThat(calls.get()).isEqualTo(1);
    assertThat(seen.get("authorization")).isEqualTo("Basic abc");
    assertThat(seen.get("body")).isEqualTo("token=good&token_type_hint=access_token");
  }

  @Test
  void inactiveTokensAreRefusedAndNotCached() {
    policy("");

    Response first = harness.run(bearer("unknown", List.of())).outcome().response();
    harness.run(bearer("unknown", List.of()));

    assertThat(first.status()).isEqualTo(401);
    assertThat(new JsonObject(first.body()).getString("code")).isEqualTo("auth.invalid");
    assertThat(first.headers().get("www-authenticate")).contains("invalid_token");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aMissingScopeIs403() {
    answers.put(
        "good", new JsonObject().put("active", true).put("sub", "ada").put("scope", "read"));
    policy("");

    Response response = harness.run(bearer("good", List.of("admin"))).outcome().response();

    assertThat(response.status()).isEqualTo(403);
    assertThat(new JsonObject(response.body()).getString("code"))
        .isEqualTo("auth.insufficient_scope");
  }

  @Test
  void errorsAndTimeoutsFailClosed() {
    policy(", timeout: 300");

    assertThat(harness.run(bearer("broken", List.of())).outcome().response().status())
        .isEqualTo(401);
    assertThat(harness.run(bearer("hang", List.of())).outcome().response().status()).isEqualTo(401);
  }

  @Test
  void anExpiredAnswerIsNotKeptPastTheTokensExp() {
    answers.put(
        "expiring",
        new JsonObject().put("active", true).put("sub", "ada").put("exp", 1_000_000_000L));
    policy("");

    harness.run(bearer("expiring", List.of()));
    harness.run(bearer("expiring", List.of()));

    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void withoutATokenItIs401OrPassesThroughAnonymously() {
    policy("");
    Response denied = harness.run(TestRequest.get("/orders")).outcome().response();
    assertThat(denied.status()).isEqualTo(401);
    assertThat(new JsonObject(denied.body()).getString("code")).isEqualTo("auth.missing");
  }

  @Test
  void passThroughContinuesAnonymously() {
    harness.withAction("{endpoint: 'http://127.0.0.1:" + port + "/introspect', passThrough: true}");

    PolicyHarness.TestRun run = harness.run(TestRequest.get("/orders"));

    assertThat(run.outcome().proceeds()).isTrue();
    assertThat(run.exchange().consumer()).isEmpty();
    assertThat(run.respond(Response.of(200)).headers().get("eg-consumer-id"))
        .isEqualTo("anonymous");
  }
}
