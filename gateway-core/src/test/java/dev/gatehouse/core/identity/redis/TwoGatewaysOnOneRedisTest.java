package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.RedisServer;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole gateways on one Redis, each with its Admin API and a pipeline that authenticates
 * through the identity service (the {@code test-identity-key} policy): what one gateway's Admin API
 * changes, the other serves within a second; the gateway that served a deactivation refuses the
 * credential on the very next request.
 */
@ExtendWith(BlockedThreadGuard.class)
class TwoGatewaysOnOneRedisTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private static final Duration WITHIN = Duration.ofSeconds(1);

  private static final String GATEWAY =
      """
      http: {port: 0}
      admin: {port: 0}
      apiEndpoints:
        api: {paths: '/api'}
      policies: [test-identity-key]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - test-identity-key:
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private GatewayFixture one;
  private GatewayFixture two;

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
  }

  @BeforeEach
  void setUp() throws Exception {
    REDIS.flushAll();
    vertx = Vertx.vertx();
    http = new Http(vertx);
    one = start("one");
    two = start("two");
  }

  @AfterEach
  void tearDown() {
    if (one != null) {
      one.close();
    }
    if (two != null) {
      two.close();
    }
    http.close();
    join(vertx.close());
  }

  private GatewayFixture start(String name) throws Exception {
    return GatewayFixture.config(dir.resolve(name))
        .env("EG_DISABLE_CONFIG_WATCH", "true")
        .system(
            "db:\n  redis:\n    host: "
                + REDIS.host()
                + "\n    port: "
                + REDIS.port()
                + "\ncrypto:\n  cipherKey: two-gateways-test\n")
        .gateway(GATEWAY)
        .start();
  }

  @Test
  void aCredentialCreatedThroughOneAdminApiAuthenticatesOnTheOtherWithinASecond() {
    String username = "ada-" + UUID.randomUUID().toString().substring(0, 8);
    String keyId = "k" + UUID.randomUUID().toString().replace("-", "");
    String presented = keyId + ":s3cret";
    assertThat(call(two, presented).status()).as("unknown before it is created").isEqualTo(401);

    JsonObject user =
        admin(
                one,
                HttpMethod.POST,
                "/users",
                new JsonObject()
                    .put("username", username)
                    .put("firstname", "A")
                    .put("lastname", "L"))
            .json();
    Reply created =
        admin(
            one,
            HttpMethod.POST,
            "/credentials",
            new JsonObject()
                .put("consumerId", username)
                .put("type", "key-auth")
                .put(
                    "credential", new JsonObject().put("keyId", keyId).put("keySecret", "s3cret")));
    assertThat(created.json().getString("keyId")).isEqualTo(keyId);
    long acknowledged = System.nanoTime();

    Reply seen = awaitStatus(two, presented, 200, acknowledged);
    assertThat(seen.text()).isEqualTo(user.getString("id"));
    assertThat(call(one, presented).status()).isEqualTo(200);
  }

  @Test
  void aDeactivationIsRefusedAtOnceWhereItWasMadeAndWithinASecondOnTheOther() {
    String username = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    admin(
        one,
        HttpMethod.POST,
        "/users",
        new JsonObject().put("username", username).put("firstname", "B").put("lastname", "C"));
    JsonObject key =
        admin(
                one,
                HttpMethod.POST,
                "/credentials",
                new JsonObject().put("consumerId", username).put("type", "key-auth"))
            .json();
    String keyId = key.getString("keyId");
    String presented = keyId + ":" + key.getString("keySecret");
    awaitStatus(two, presented, 200, System.nanoTime());
    // Both gateways now hold the active credential in their caches.
    assertThat(call(one, presented).status()).isEqualTo(200);
    assertThat(call(two, presented).status()).isEqualTo(200);

    Reply deactivated =
        admin(
            two,
            HttpMethod.PUT,
            "/credentials/key-auth/" + keyId + "/status",
            new JsonObject().put("status", false));
    assertThat(deactivated.json().getString("status")).isEqualTo("Deactivated");
    long acknowledged = System.nanoTime();

    assertThat(call(two, presented).status())
        .as("the gateway that served the change refuses the next request")
        .isEqualTo(401);
    awaitStatus(one, presented, 401, acknowledged);

    admin(
        one,
        HttpMethod.PUT,
        "/credentials/key-auth/" + keyId + "/status",
        new JsonObject().put("status", true));
    assertThat(call(one, presented).status()).isEqualTo(200);
    awaitStatus(two, presented, 200, System.nanoTime());
  }

  @Test
  void aUserDeletedThroughOneGatewayTakesItsCredentialsAwayOnTheOther() {
    String username = "cy-" + UUID.randomUUID().toString().substring(0, 8);
    admin(
        two,
        HttpMethod.POST,
        "/users",
        new JsonObject().put("username", username).put("firstname", "C").put("lastname", "D"));
    JsonObject key =
        admin(
                two,
                HttpMethod.POST,
                "/credentials",
                new JsonObject().put("consumerId", username).put("type", "key-auth"))
            .json();
    String presented = key.getString("keyId") + ":" + key.getString("keySecret");
    awaitStatus(one, presented, 200, System.nanoTime());

    assertThat(admin(two, HttpMethod.DELETE, "/users/" + username, null).status()).isEqualTo(204);
    long acknowledged = System.nanoTime();

    assertThat(call(two, presented).status()).isEqualTo(401);
    awaitStatus(one, presented, 401, acknowledged);
  }

  /**
   * Calls {@code gateway} until it answers {@code status}, failing when that takes more than a
   * second from {@code sinceNanos}.
   */
  private Reply awaitStatus(GatewayFixture gateway, String key, int status, long sinceNanos) {
    Reply last;
    do {
      last = call(gateway, key);
      if (last.status() == status) {
        return last;
      }
    } while (System.nanoTime() - sinceNanos < WITHIN.toNanos());
    throw new AssertionError(
        "still " + last.status() + " instead of " + status + " a second after the change");
  }

  private Reply call(GatewayFixture gateway, String key) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("x-api-key", key);
    return join(http.send(HttpMethod.GET, gateway.port(), "/api", headers, null));
  }

  private Reply admin(GatewayFixture gateway, HttpMethod method, String uri, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (body != null) {
      headers.set("content-type", "application/json");
    }
    Reply reply =
        join(
            http.send(
                method,
                gateway.adminPort(),
                uri,
                headers,
                body == null ? null : Buffer.buffer(body.encode())));
    assertThat(reply.status()).as(method + " " + uri + ": " + reply).isBetween(200, 299);
    return reply;
  }
}
