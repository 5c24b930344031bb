package dev.gatehouse.distribution.plugins;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.redis.RedisConfig;
import dev.gatehouse.core.identity.redis.RedisConnections;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.RedisServer;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gateways on one real Redis count together: three instances under concurrent load admit exactly
 * {@code max} in total; when Redis dies they allow or deny as {@code onStoreError} says, and they
 * count again once it is back, without a restart.
 */
@ExtendWith(BlockedThreadGuard.class)
class RateLimitClusterIT {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  /** Thirty days: the window cannot end while the test runs. */
  /** The longest window the plugin accepts (30 days): no window ends during a test. */
  private static final long LONG_WINDOW = 2_592_000_000L;

  @TempDir Path dir;
  private Vertx vertx;
  private final List<GatewayFixture> gateways = new ArrayList<>();
  private final List<Http> clients = new ArrayList<>();

  /**
   * A cold JVM spends several hundred milliseconds loading the Redis client's classes on the event
   * loop of the first connection: start-up, done here before the guard watches.
   */
  @BeforeAll
  static void loadRedisClient() {
    Vertx warmUp = Vertx.vertx();
    try {
      JsonObject section = new JsonObject().put("host", REDIS.host()).put("port", REDIS.port());
      RedisConnections connections =
          join(RedisConnections.open(warmUp, RedisConfig.parse(section, Path.of("."))));
      join(connections.client().send(Request.cmd(Command.PING)));
      connections.close();
    } finally {
      join(warmUp.close());
    }
  }

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    vertx = Vertx.vertx();
    // Load the HTTP classes outside the guarded event loops.
    join(vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0)).close();
  }

  @AfterEach
  void tearDown() {
    clients.forEach(Http::close);
    gateways.forEach(GatewayFixture::close);
    join(vertx.close());
  }

  private String system() {
    return "db:\n  redis:\n    host: " + REDIS.host() + "\n    port: " + REDIS.port() + "\n";
  }

  private void startCluster(int instances, String gateway) throws Exception {
    for (int i = 0; i < instances; i++) {
      gateways.add(
          GatewayFixture.config(dir.resolve("gateway-" + i))
              .plugins(ShippedPlugins.FOLDERS)
              .system(system())
              .gateway(gateway)
              .start());
      clients.add(new Http(vertx));
    }
  }

  private Reply get(int instance, String path) {
    return join(clients.get(instance).get(gateways.get(instance).port(), path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "sliding-window", "token-bucket"})
  void threeGatewaysOnOneRedisAdmitExactlyMaxInTotal(String algorithm) throws Exception {
    startCluster(
        3,
        """
        http: {port: 0}
        apiEndpoints:
          api: {paths: '/api'}
        policies: [rate-limit, test-echo]
        pipelines:
          api:
            apiEndpoints: [api]
            policies:
              - rate-limit:
                  - action: {max: 40, windowMs: %d, algorithm: %s}
              - test-echo:
        """
            .formatted(LONG_WINDOW, algorithm));

    List<Future<Reply>> replies = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      for (int instance = 0; instance < 3; instance++) {
        replies.add(clients.get(instance).get(gateways.get(instance).port(), "/api"));
      }
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Future<Reply> reply : replies) {
      statuses.merge(join(reply).status(), 1, Integer::sum);
    }

    assertThat(statuses).isEqualTo(Map.of(200, 40, 429, 110));
    assertThat(REDIS.sorted("KEYS", "EG-ratelimit:*"))
        .as("one counter for the three gateways' step, in the gateways' namespace")
        .hasSize(1);
  }

  @Test
  void aDeadRedisAllowsOrDeniesAsToldAndCountingResumesOnceItIsBack() throws Exception {
    startCluster(
        1,
        """
        http: {port: 0}
        apiEndpoints:
          allow: {paths: '/allow'}
          deny: {paths: '/deny'}
        policies: [rate-limit, test-echo]
        pipelines:
          allow:
            apiEndpoints: [allow]
            policies:
              - rate-limit:
                  - action: {max: 1, windowMs: %1$d}
              - test-echo:
          deny:
            apiEndpoints: [deny]
            policies:
              - rate-limit:
                  - action: {max: 1, windowMs: %1$d, onStoreError: deny}
              - test-echo:
        """
            .formatted(LONG_WINDOW));
    assertThat(get(0, "/allow").status()).isEqualTo(200);
    assertThat(get(0, "/allow").status()).isEqualTo(429);
    assertThat(get(0, "/deny").status()).isEqualTo(200);
    assertThat(get(0, "/deny").status()).isEqualTo(429);

    REDIS.kill();

    assertThat(get(0, "/allow").status()).as("onStoreError: allow (the default)").isEqualTo(200);
    assertThat(get(0, "/allow").status()).isEqualTo(200);
    Reply denied = get(0, "/deny");
    assertThat(denied.status()).as("onStoreError: deny").isEqualTo(503);
    assertThat(denied.header("content-type")).isEqualTo("application/problem+json");
    assertThat(denied.json().getString("code")).isEqualTo("ratelimit.unavailable");
    assertThat(denied.header("Retry-After")).isEqualTo("1");

    REDIS.start();

    // The connection pool reconnects on its own; the first requests may still meet the old one.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int status = get(0, "/deny").status();
    while (status == 503 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = get(0, "/deny").status();
    }
    assertThat(status).as("Redis is back: the step counts again").isEqualTo(200);
    assertThat(get(0, "/deny").status()).isEqualTo(429);
    assertThat(get(0, "/allow").status()).isEqualTo(200);
    assertThat(get(0, "/allow").status()).isEqualTo(429);
  }
}
