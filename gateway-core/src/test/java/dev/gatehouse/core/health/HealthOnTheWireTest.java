package dev.gatehouse.core.health;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} on the admin listener and on the
 * dedicated metrics listener; metrics turned off; readiness when the store does not answer.
 */
@ExtendWith(BlockedThreadGuard.class)
class HealthOnTheWireTest {

  static final String CONFIG =
      """
      http: {port: 0}
      admin: {port: 0}
      apiEndpoints:
        api: {paths: '/api/*'}
      policies: [test-deny]
      pipelines:
        one:
          apiEndpoints: [api]
          policies:
            - test-deny: [{action: {}}]
        two:
          apiEndpoints: [api]
          policies:
            - test-deny: [{action: {}}]
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private GatewayFixture gateway;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
  }

  @AfterEach
  void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
    http.close();
    join(vertx.close());
  }

  private GatewayFixture start(String system) throws Exception {
    gateway =
        GatewayFixture.config(dir)
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .system(system)
            .gateway(CONFIG)
            .start();
    return gateway;
  }

  private Reply get(int port, String uri) {
    return join(http.get(port, uri));
  }

  @Test
  void theAdminListenerAnswersLivenessAndReadinessWithTheirChecks() throws Exception {
    start("");

    Reply live = get(gateway.adminPort(), "/health/live");
    Reply ready = get(gateway.adminPort(), "/health/ready");

    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(ready.header("content-type")).isEqualTo("application/json");
    JsonObject checks = ready.json().getJsonObject("checks");
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("config").getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("config").getInteger("pipelines")).isEqualTo(2);
    assertThat(checks.getJsonObject("config").getString("loadedAt")).isNotBlank();
    assertThat(checks.getJsonObject("listeners").getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("identity"))
        .isEqualTo(new JsonObject().put("store", "embedded").put("status", "UP"));
  }

  @Test
  void theMetricsListenerServesMetricsAndHealthWithoutTheAdminApi() throws Exception {
    start("metrics:\n  listener: {port: 0, host: 127.0.0.1}\n");
    int port = gateway.gatehouse().metricsPort();
    assertThat(get(gateway.port(), "/api/x").status()).isEqualTo(401);

    Reply metrics = get(port, "/metrics");
    Reply ready = get(port, "/health/ready");
    Reply other = get(port, "/users");

    assertThat(port).isPositive().isNotEqualTo(gateway.adminPort());
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("content-type"))
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.text()).contains("gatehouse_build_info{");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.header("content-type")).isEqualTo("application/problem+json");
    assertThat(other.json().getString("code")).isEqualTo("route.not_found");
  }

  @Test
  void withMetricsOffTheGatewayServesAndMetricsAnswer404() throws Exception {
    start("metrics: {enabled: false}\n");

    Reply metrics = get(gateway.adminPort(), "/metrics");

    assertThat(get(gateway.port(), "/api/x").status()).isEqualTo(401);
    assertThat(metrics.status()).isEqualTo(404);
    assertThat(metrics.json().getString("code")).isEqualTo("metrics.disabled");
    assertThat(get(gateway.adminPort(), "/health/ready").status()).isEqualTo(200);
  }

  @Test
  void readinessIsDownWithTheReasonWhenTheStoreFailsOrStops() {
    HealthChecks failing =
        new HealthChecks(
            () -> 3, () -> 0L, () -> Future.failedFuture("connection refused"), "redis");
    failing.serving(true);
    HealthChecks stopping = new HealthChecks(() -> 3, () -> 0L, Future::succeededFuture, "memory");
    stopping.serving(false);
    HealthChecks unloaded = new HealthChecks(() -> null, () -> 0L, Future::succeededFuture, "x");
    unloaded.serving(true);

    JsonObject storeDown = join(failing.readiness());
    JsonObject notServing = join(stopping.readiness());
    JsonObject noConfig = join(unloaded.readiness());

    assertThat(storeDown.getString("status")).isEqualTo("DOWN");
    assertThat(storeDown.getJsonObject("checks").getJsonObject("identity"))
        .isEqualTo(
            new JsonObject()
                .put("store", "redis")
                .put("status", "DOWN")
                .put("error", "connection refused"));
    assertThat(storeDown.getJsonObject("checks").getJsonObject("config").getString("status"))
        .isEqualTo("UP");
    assertThat(notServing.getString("status")).isEqualTo("DOWN");
    assertThat(notServing.getJsonObject("checks").getJsonObject("listeners").getString("status"))
        .isEqualTo("DOWN");
    assertThat(noConfig.getString("status")).isEqualTo("DOWN");
    assertThat(noConfig.getJsonObject("checks").getJsonObject("config").getString("status"))
        .isEqualTo("DOWN");
  }
}
