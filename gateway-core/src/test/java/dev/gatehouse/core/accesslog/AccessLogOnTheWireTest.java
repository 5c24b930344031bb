package dev.gatehouse.core.accesslog;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log's lines for answered, denied and unmatched requests; request ids taken from
 * trusted clients or made; W3C trace context continued upstream as a new span.
 */
@ExtendWith(BlockedThreadGuard.class)
class AccessLogOnTheWireTest {

  static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        open: {paths: '/open/*'}
        guarded: {paths: '/guarded/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [proxy, test-deny]
      pipelines:
        open:
          apiEndpoints: [open]
          policies:
            - proxy: [{action: {serviceEndpoint: backend, stripPath: true}}]
        guarded:
          apiEndpoints: [guarded]
          policies:
            - test-deny: [{action: {status: 403, code: scope.missing}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
      """;

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;
  private GatewayFixture gateway;
  private Path log;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    log = dir.resolve("logs").resolve("access.log");
  }

  @AfterEach
  void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
    backend.close();
    http.close();
    join(vertx.close());
  }

  private void start(String system) throws Exception {
    gateway =
        GatewayFixture.config(dir.resolve("config"))
            .env("BACKEND", backend.url())
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .system(system)
            .gateway(CONFIG)
            .start();
  }

  private Reply get(String uri, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return join(http.send(HttpMethod.GET, gateway.port(), uri, map, null));
  }

  /** The log's lines once it has {@code count}; the writer runs on its own thread. */
  private List<String> lines(int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      if (lines.size() >= count || System.nanoTime() > deadline) {
        return lines;
      }
      Thread.sleep(20);
    }
  }

  private String system(String format, boolean trust) {
    return "accessLog:\n  file: '"
        + log.toString().replace("'", "''")
        + "'\n"
        + (format == null ? "" : "  format: " + format + "\n")
        + "requestIds: {trustIncoming: "
        + trust
        + "}\n";
  }

  @Test
  void eachRequestIsOneJsonLineWithItsRouteTimingsAndDenial() throws Exception {
    start(system(null, true));

    Reply ok =
        get(
            "/open/items?access_token=secret",
            "x-request-id",
            "req-42",
            "traceparent",
            "00-" + TRACE_ID + "-" + PARENT_ID + "-01",
            "tracestate",
            "vendor=abc");
    Reply denied = get("/guarded/x");
    Reply unmatched = get("/nowhere");
    List<String> lines = lines(3);

    assertThat(ok.status()).isEqualTo(200);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(unmatched.status()).isEqualTo(404);
    assertThat(lines).hasSize(3);
    JsonObject first = new JsonObject(lines.get(0));
    String upstreamParent = ok.json().getJsonObject("headers").getString("traceparent");
    assertThat(first.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(first.getString("request_id")).isEqualTo("req-42");
    assertThat(first.getString("client")).isEqualTo("127.0.0.1");
    assertThat(first.getString("method")).isEqualTo("GET");
    assertThat(first.getString("path"))
        .as("no query string: it may hold tokens")
        .isEqualTo("/open/items");
    assertThat(first.getInteger("status")).isEqualTo(200);
    assertThat(first.getLong("bytes")).isEqualTo((long) ok.body().length());
    assertThat(first.getDouble("duration_ms")).isPositive();
    assertThat(first.getDouble("upstream_ms"))
        .isPositive()
        .isLessThanOrEqualTo(first.getDouble("duration_ms"));
    assertThat(first.getString("api_endpoint")).isEqualTo("open");
    assertThat(first.getString("pipeline")).isEqualTo("open");
    assertThat(first.getString("trace_id")).isEqualTo(TRACE_ID);
    assertThat(upstreamParent)
        .isEqualTo("00-" + TRACE_ID + "-" + first.getString("span_id") + "-01");
    assertThat(first.containsKey("denied_by")).isFalse();
    assertThat(String.join("\n", lines)).doesNotContain("secret");
    JsonObject second = new JsonObject(lines.get(1));
    assertThat(second.getString("request_id")).matches("[0-9A-Za-z]{22}");
    assertThat(second.getInteger("status")).isEqualTo(403);
    assertThat(second.getString("denied_by")).isEqualTo("test-deny");
    assertThat(second.getString("code")).isEqualTo("scope.missing");
    assertThat(second.getString("pipeline")).isEqualTo("guarded");
    assertThat(second.containsKey("upstream_ms")).isFalse();
    JsonObject third = new JsonObject(lines.get(2));
    assertThat(ok.headers().get("x-request-id"))
        .as("the client is answered with the id its log line carries")
        .isEqualTo("req-42");
    assertThat(denied.headers().get("x-request-id")).isEqualTo(second.getString("request_id"));
    assertThat(unmatched.headers().getAll("x-request-id"))
        .containsExactly(third.getString("request_id"));
    assertThat(third.getInteger("status")).isEqualTo(404);
    assertThat(third.getString("code")).isEqualTo("route.not_found");
    assertThat(third.containsKey("api_endpoint")).isFalse();
  }

  @Test
  void theTextFormatWritesKeyValuePairs() throws Exception {
    start(system("text", false));

    assertThat(get("/guarded/x").status()).isEqualTo(403);
    List<String> lines = lines(1);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("time=")
        .contains(" method=GET path=/guarded/x status=403 ")
        .contains(" api_endpoint=guarded pipeline=guarded denied_by=test-deny code=scope.missing");
  }

  @Test
  void trustedRequestIdsAndTheTraceGoUpstreamUnderANewSpan() throws Exception {
    start(system(null, true));

    JsonObject seen =
        get(
                "/open/a",
                "x-request-id",
                "0f5c8a2e-1b7d-4c1e-9a63-2b8f0f2d7e11",
                "traceparent",
                "00-" + TRACE_ID + "-" + PARENT_ID + "-00",
                "tracestate",
                "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
            .json()
            .getJsonObject("headers");

    assertThat(seen.getString("eg-request-id")).isEqualTo("0f5c8a2e-1b7d-4c1e-9a63-2b8f0f2d7e11");
    assertThat(seen.getString("x-request-id")).isEqualTo("0f5c8a2e-1b7d-4c1e-9a63-2b8f0f2d7e11");
    String[] parent = seen.getString("traceparent").split("-");
    assertThat(parent[0]).isEqualTo("00");
    assertThat(parent[1]).isEqualTo(TRACE_ID);
    assertThat(parent[2]).matches("[0-9a-f]{16}").isNotEqualTo(PARENT_ID);
    assertThat(parent[3]).as("not sampled stays not sampled").isEqualTo("00");
    assertThat(seen.getString("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void untrustedOrMalformedIdsAreReplacedAndABadTraceparentStartsANewTrace() throws Exception {
    start(system(null, false));

    JsonObject untrusted =
        get("/open/a", "x-request-id", "client-chosen", "traceparent", "00-zz-bad-01")
            .json()
            .getJsonObject("headers");
    gateway.close();
    gateway = null;
    start(system(null, true));
    JsonObject malformed =
        get("/open/a", "x-request-id", "bad id\twith spaces").json().getJsonObject("headers");

    assertThat(untrusted.getString("x-request-id"))
        .matches("[0-9A-Za-z]{22}")
        .isEqualTo(untrusted.getString("eg-request-id"));
    assertThat(untrusted.getString("traceparent"))
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
        .doesNotContain("zz");
    assertThat(untrusted.containsKey("tracestate")).isFalse();
    assertThat(malformed.getString("x-request-id")).matches("[0-9A-Za-z]{22}");
  }
}
