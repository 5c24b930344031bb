package dev.gatehouse.plugins.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.store.StoreScript;
import dev.gatehouse.plugins.ratelimit.LocalCounterStoreTest.ManualClock;
import dev.gatehouse.testkit.InvalidActionException;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The policy over the in-process store, with a clock moved by hand: keys, headers, rejections,
 * delays, skipped requests, metrics and store failures.
 */
class RateLimitPolicyTest {

  private final ManualClock clock = new ManualClock(CounterStoreContract.T0);
  private final RateLimitPolicyFactory factory = new RateLimitPolicyFactory(clock);
  private final List<PolicyHarness> harnesses = new ArrayList<>();

  @AfterEach
  void close() {
    harnesses.forEach(PolicyHarness::close);
  }

  private PolicyHarness policy(String action) {
    PolicyHarness harness = PolicyHarness.of(factory).withAction(action);
    harnesses.add(harness);
    return harness;
  }

  private static TestRequest from(String ip) {
    return TestRequest.get("/api").remoteHost(ip);
  }

  private static boolean passes(PolicyHarness harness, TestRequest request) {
    return harness.run(request).outcome().proceeds();
  }

  private static double decisions(PolicyHarness harness, String decision) {
    Counter counter =
        harness
            .meterRegistry()
            .find(RateLimitPolicy.DECISIONS)
            .tags("store", "local", "decision", decision)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void theDefaultsAdmitFivePerMinuteAndIpThenAnswer429AsProblemJson() {
    PolicyHarness harness = policy("{}");
    for (int i = 0; i < 5; i++) {
      assertThat(passes(harness, from("10.0.0.1"))).as("request %d", i + 1).isTrue();
    }

    Outcome sixth = harness.run(from("10.0.0.1")).outcome();

    assertThat(sixth.proceeds()).isFalse();
    Response response = sixth.response();
    assertThat(response.status()).isEqualTo(429);
    assertThat(response.headers().get("content-type")).isEqualTo(Problem.MEDIA_TYPE);
    JsonObject body = response.body().toJsonObject();
    assertThat(body.getString("code")).isEqualTo("ratelimit.exceeded");
    assertThat(body.getInteger("status")).isEqualTo(429);
    assertThat(body.getString("detail")).isEqualTo("Too many requests, please try again later.");
    assertThat(response.headers().get("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(response.headers().get("X-RateLimit-Remaining")).isEqualTo("0");
    long windowEnd = (CounterStoreContract.T0 / 60_000 + 1) * 60;
    assertThat(response.headers().get("X-RateLimit-Reset")).isEqualTo(Long.toString(windowEnd));
    assertThat(response.headers().get("RateLimit-Policy")).isEqualTo("\"default\";q=5;w=60");
    assertThat(response.headers().get("Retry-After"))
        .as("the next request passes a fifth into the next window, when one of five slid out")
        .isEqualTo(Long.toString(windowEnd + 12 - CounterStoreContract.T0 / 1000));
    assertThat(passes(harness, from("10.0.0.2"))).as("another client's own counter").isTrue();
    assertThat(decisions(harness, "allowed")).isEqualTo(6);
    assertThat(decisions(harness, "rejected")).isEqualTo(1);
  }

  @Test
  void aCountedResponseCarriesTheLimitHeadersWhoeverAnswersIt() {
    PolicyHarness harness = policy("{max: 3, windowMs: 10000, algorithm: fixed-window}");
    harness.run(from("10.0.0.1"));

    PolicyHarness.TestRun second = harness.run(from("10.0.0.1"));
    clock.advance(Duration.ofMillis(2500));
    Response response = second.respond(Response.of(200));

    assertThat(response.headers().get("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(response.headers().get("X-RateLimit-Remaining")).isEqualTo("1");
    assertThat(response.headers().get("X-RateLimit-Reset"))
        .isEqualTo(Long.toString(CounterStoreContract.T0 / 1000 + 10));
    assertThat(response.headers().get("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=10");
    assertThat(response.headers().get("RateLimit")).isEqualTo("\"default\";r=1;t=10");
    assertThat(response.headers().get("Retry-After")).isNull();
  }

  @Test
  void headersFalseLeavesResponsesAlone() {
    PolicyHarness harness = policy("{max: 1, headers: false}");
    Response counted = harness.run(from("10.0.0.1")).respond(Response.of(200));
    Response rejected = harness.run(from("10.0.0.1")).outcome().response();

    assertThat(counted.headers().names()).noneMatch(n -> n.toLowerCase().contains("ratelimit"));
    assertThat(rejected.headers().get("X-RateLimit-Limit")).isNull();
    assertThat(rejected.headers().get("Retry-After")).as("still said on a rejection").isNotNull();
  }

  @Test
  void statusCodeAndMessageShapeTheRejection() {
    PolicyHarness harness = policy("{max: 1, statusCode: 503, message: Slow down}");
    harness.run(from("10.0.0.1"));

    Response response = harness.run(from("10.0.0.1")).outcome().response();

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body().toJsonObject().getString("detail")).isEqualTo("Slow down");
    assertThat(response.body().toJsonObject().getString("code")).isEqualTo("ratelimit.exceeded");
  }

  @Test
  void maxZeroTurnsLimitingOff() {
    PolicyHarness harness = policy("{max: 0}");
    for (int i = 0; i < 50; i++) {
      assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    }
  }

  @Test
  void fixedWindowStartsAfreshWindowMsAfterItOpened() {
    PolicyHarness harness = policy("{max: 2, windowMs: 1000, algorithm: fixed-window}");
    clock.advance(Duration.ofMillis(300));
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    clock.advance(Duration.ofMillis(999));
    assertThat(passes(harness, from("10.0.0.1"))).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
  }

  @Test
  void slidingWindowIsTheDefaultAndStopsTheBurstAtTheEdge() {
    PolicyHarness harness = policy("{max: 2, windowMs: 1000}");
    clock.advance(Duration.ofMillis(990));
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    clock.advance(Duration.ofMillis(20));
    assertThat(passes(harness, from("10.0.0.1")))
        .as("fixed windows would admit two more here")
        .isFalse();
    clock.advance(Duration.ofMillis(490));
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
  }

  @Test
  void tokenBucketRefillsOneTokenEveryWindowOverMax() {
    PolicyHarness harness = policy("{max: 4, windowMs: 1000, algorithm: token-bucket}");
    for (int i = 0; i < 4; i++) {
      assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    }
    Response rejected = harness.run(from("10.0.0.1")).outcome().response();
    assertThat(rejected.status()).isEqualTo(429);
    assertThat(rejected.headers().get("Retry-After")).isEqualTo("1");
    clock.advance(Duration.ofMillis(249));
    assertThat(passes(harness, from("10.0.0.1"))).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.1"))).isFalse();
  }

  @Test
  void rateLimitByAHeaderCountsEachValueApart() {
    PolicyHarness harness = policy("{max: 1, rateLimitBy: \"${req.headers['x-api-key']}\"}");
    TestRequest alice = from("10.0.0.1").header("x-api-key", "alice");
    TestRequest bob = from("10.0.0.1").header("x-api-key", "bob");

    assertThat(passes(harness, alice)).isTrue();
    assertThat(passes(harness, bob)).as("same IP, other key").isTrue();
    assertThat(passes(harness, from("10.0.0.2").header("x-api-key", "alice")))
        .as("other IP, same key")
        .isFalse();
  }

  @Test
  void aKeyThatCannotBeRenderedCountsAsUndefinedAsInExpressGateway() {
    PolicyHarness harness = policy("{max: 1, rateLimitBy: '${req.user.id}'}");

    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.2")))
        .as("both anonymous requests share the key 'undefined'")
        .isFalse();
  }

  @Test
  void stepsCountApartUnlessTheyShareABucket() {
    PolicyHarness first = policy("{max: 1}");
    PolicyHarness second = policy("{max: 1}");
    assertThat(passes(first, from("10.0.0.1"))).isTrue();
    assertThat(passes(second, from("10.0.0.1"))).as("another step's counter").isTrue();

    PolicyHarness shared = policy("{max: 1, bucket: search}");
    PolicyHarness sharedToo = policy("{max: 1, bucket: search}");
    assertThat(passes(shared, from("10.0.0.1"))).isTrue();
    assertThat(passes(sharedToo, from("10.0.0.1"))).as("the bucket's counter").isFalse();
  }

  @Test
  void skipFailedRequestsGivesBackRequestsAnsweredWithAnError() {
    PolicyHarness harness = policy("{max: 1, skipFailedRequests: true}");
    harness.run(from("10.0.0.1")).respond(Response.of(502));
    harness.run(from("10.0.0.1")).respond(Response.of(404));
    PolicyHarness.TestRun ok = harness.run(from("10.0.0.1"));
    assertThat(ok.outcome().proceeds()).isTrue();
    ok.respond(Response.of(200));

    assertThat(passes(harness, from("10.0.0.1"))).as("the success was counted").isFalse();
  }

  @Test
  void skipSuccessfulRequestsCountsOnlyFailures() {
    PolicyHarness harness = policy("{max: 1, skipSuccessfulRequests: true}");
    harness.run(from("10.0.0.1")).respond(Response.of(200));
    harness.run(from("10.0.0.1")).respond(Response.of(304));
    PolicyHarness.TestRun failed = harness.run(from("10.0.0.1"));
    assertThat(failed.outcome().proceeds()).isTrue();
    failed.respond(Response.of(401));

    assertThat(passes(harness, from("10.0.0.1"))).isFalse();
  }

  @Test
  void delayAfterSlowsRequestsPastItInsteadOfRejectingThem() {
    PolicyHarness harness = policy("{max: 10, delayAfter: 2, delayMs: 40}");
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(decisions(harness, "delayed")).isZero();

    long started = System.nanoTime();
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

    assertThat(decisions(harness, "delayed")).isEqualTo(2);
    assertThat(elapsedMs).as("(3 − 2) × 40 + (4 − 2) × 40 at least").isGreaterThanOrEqualTo(120);
  }

  @Test
  void delayingIsOffUnlessConfigured() {
    PolicyHarness harness = policy("{max: 10}");
    for (int i = 0; i < 10; i++) {
      harness.run(from("10.0.0.1"));
    }
    assertThat(decisions(harness, "delayed")).isZero();
    assertThat(decisions(harness, "allowed")).isEqualTo(10);
  }

  @Test
  void anUnreachableStoreAllowsByDefault() {
    PolicyHarness harness = withFailingRedis("{max: 1}");

    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(passes(harness, from("10.0.0.1"))).isTrue();
    assertThat(
            harness
                .meterRegistry()
                .find(RateLimitPolicy.DECISIONS)
                .tags("store", "redis", "decision", "store_error_allowed")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void anUnreachableStoreDeniesWith503WhenToldTo() {
    PolicyHarness harness = withFailingRedis("{max: 1, onStoreError: deny}");

    Response response = harness.run(from("10.0.0.1")).outcome().response();

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body().toJsonObject().getString("code")).isEqualTo("ratelimit.unavailable");
    assertThat(response.headers().get("Retry-After")).isEqualTo("1");
    assertThat(
            harness
                .meterRegistry()
                .find(RateLimitPolicy.DECISIONS)
                .tags("store", "redis", "decision", "store_error_denied")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void storeRedisWithoutARedisIsAConfigurationError() {
    assertThatThrownBy(() -> policy("{store: redis}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("store")
        .hasMessageContaining("db.redis");
  }

  @Test
  void badParametersAreRefusedByTheSchema() {
    assertThatThrownBy(() -> policy("{algorithm: leaky}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("algorithm");
    assertThatThrownBy(() -> policy("{max: -1}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("max");
    assertThatThrownBy(() -> policy("{bucket: 'a b'}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("bucket");
  }

  private PolicyHarness withFailingRedis(String action) {
    ScriptStore failing =
        new ScriptStore() {
          @Override
          public String keyPrefix() {
            return "EG-";
          }

          @Override
          public StoreScript script(String lua) {
            return new StoreScript() {
              @Override
              public String sha1() {
                return "0";
              }

              @Override
              public Future<Object> run(List<String> keys, List<String> args) {
                return Future.failedFuture(new IllegalStateException("connection refused"));
              }
            };
          }
        };
    PolicyHarness harness =
        PolicyHarness.of(factory).withService(ScriptStore.class, failing).withAction(action);
    harnesses.add(harness);
    return harness;
  }
}
