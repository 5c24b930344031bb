package dev.gatehouse.core.metrics;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.reload.ConfigReloader;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after known traffic: exact request counts and histogram counts by endpoint,
 * pipeline, method and status class; policy outcomes, durations and denials; upstream latency and
 * errors; a plugin's meters with its labels applied; reloads and the series they retire.
 */
@ExtendWith(BlockedThreadGuard.class)
class MetricsOnTheWireTest {

  /**
   * Four endpoints: open (proxied), guarded (a deny policy first), slow (a short timeout), down (a
   * service endpoint nothing listens on).
   */
  static final String CONFIG =
      """
      http: {port: 0}
      admin: {port: 0}
      apiEndpoints:
        open: {paths: '/open/*'}
        guarded: {paths: '/guarded/*'}
        slow: {paths: '/slow/*'}
        down: {paths: '/down/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
        dead: {url: 'http://127.0.0.1:${DEAD_PORT}'}
      policies: [proxy, test-deny]
      pipelines:
        open:
          apiEndpoints: [open]
          policies:
            - proxy: [{action: {serviceEndpoint: backend, stripPath: true}}]
        guarded:
          apiEndpoints: [guarded]
          policies:
            - test-deny: [{action: {code: auth.missing}}]
            - proxy: [{action: {serviceEndpoint: backend, stripPath: true}}]
        slow:
          apiEndpoints: [slow]
          policies:
            - proxy: [{action: {serviceEndpoint: backend, stripPath: true, proxyTimeout: 200}}]
        down:
          apiEndpoints: [down]
          policies:
            - proxy: [{action: {serviceEndpoint: dead}}]
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;
  private GatewayFixture gateway;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    gateway =
        GatewayFixture.config(dir)
            .env("BACKEND", backend.url())
            .env("DEAD_PORT", Integer.toString(closedPort()))
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .gateway(CONFIG)
            .start();
  }

  /** A port nothing listens on: bound by the system, then released. */
  private static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() {
    gateway.close();
    backend.close();
    http.close();
    join(vertx.close());
  }

  private Reply get(String uri, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return join(http.send(HttpMethod.GET, gateway.port(), uri, map, null));
  }

  /**
   * Sends the known traffic: 3 open, 2 denied and 1 allowed guarded, 1 timeout, 1 connection
   * refused, 1 unmatched.
   */
  private void knownTraffic() {
    for (int i = 0; i < 3; i++) {
      assertThat(get("/open/hello").status()).isEqualTo(200);
    }
    assertThat(get("/guarded/a").status()).isEqualTo(401);
    assertThat(get("/guarded/b").status()).isEqualTo(401);
    assertThat(get("/guarded/c", "x-allow", "yes").status()).isEqualTo(200);
    assertThat(get("/slow/hang").status()).isEqualTo(504);
    assertThat(get("/down/x").status()).isEqualTo(502);
    assertThat(get("/nowhere").status()).isEqualTo(404);
  }

  private Reply scrape(String accept) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (accept != null) {
      headers.set("accept", accept);
    }
    return join(http.send(HttpMethod.GET, gateway.adminPort(), "/metrics", headers, null));
  }

  /**
   * Scrapes until {@code done} holds: a request is counted once its answer is written, which may be
   * a moment after the client has read it. Bounded by a deadline.
   */
  private Exposition scrapeUntil(Predicate<Exposition> done) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      Reply reply = scrape(null);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      Exposition exposition = Exposition.parseText(reply.text());
      if (done.test(exposition) || System.nanoTime() > deadline) {
        return exposition;
      }
      Thread.sleep(20);
    }
  }

  /** Requests {@link #knownTraffic()} sends. */
  private static final int TOTAL = 9;

  private static double requests(Exposition metrics) {
    return metrics.samples("gatehouse_request_duration_seconds_count").stream()
        .mapToDouble(Exposition.Sample::value)
        .sum();
  }

  private static String[] route(String endpoint, String status) {
    return new String[] {
      "api_endpoint", endpoint, "pipeline", endpoint, "method", "GET", "status_class", status
    };
  }

  @Test
  void requestsAreCountedByEndpointPipelineMethodAndStatusClass() throws Exception {
    knownTraffic();

    Exposition metrics = scrapeUntil(m -> requests(m) == TOTAL);

    assertThat(metrics.value("gatehouse_request_duration_seconds_count", route("open", "2xx")))
        .isEqualTo(3);
    assertThat(metrics.value("gatehouse_request_duration_seconds_count", route("guarded", "4xx")))
        .isEqualTo(2);
    assertThat(metrics.value("gatehouse_request_duration_seconds_count", route("guarded", "2xx")))
        .isEqualTo(1);
    assertThat(metrics.value("gatehouse_request_duration_seconds_count", route("slow", "5xx")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "gatehouse_request_duration_seconds_count",
                "api_endpoint",
                "",
                "pipeline",
                "",
                "status_class",
                "4xx"))
        .isEqualTo(1);
    String[] openOk = route("open", "2xx");
    String[] infBucket = append(openOk, "le", "+Inf");
    assertThat(metrics.value("gatehouse_request_duration_seconds_bucket", infBucket)).isEqualTo(3);
    // The timed-out request waited for the 200 ms timeout: it is in no bucket below 0.1 s.
    assertThat(
            metrics.value(
                "gatehouse_request_duration_seconds_bucket",
                append(route("slow", "5xx"), "le", "0.1")))
        .isZero();
    assertThat(metrics.samples("gatehouse_request_duration_seconds_count", route("open", "4xx")))
        .as("combinations that never happened are not exported")
        .isEmpty();
    assertThat(metrics.value("gatehouse_requests_in_flight")).isZero();
  }

  @Test
  void policiesReportDurationsOutcomesAndDenialsByCode() throws Exception {
    knownTraffic();

    Exposition metrics = scrapeUntil(m -> requests(m) == TOTAL);

    String[] deny = {"pipeline", "guarded", "policy", "test-deny"};
    assertThat(
            metrics.value("gatehouse_policy_outcomes_total", append(deny, "outcome", "responded")))
        .isEqualTo(2);
    assertThat(
            metrics.value("gatehouse_policy_outcomes_total", append(deny, "outcome", "continued")))
        .isEqualTo(1);
    assertThat(metrics.value("gatehouse_policy_outcomes_total", append(deny, "outcome", "failed")))
        .isZero();
    assertThat(metrics.value("gatehouse_policy_duration_seconds_count", deny)).isEqualTo(3);
    assertThat(
            metrics.value("gatehouse_policy_denials_total", append(deny, "code", "auth.missing")))
        .isEqualTo(2);
    String[] slowProxy = {"pipeline", "slow", "policy", "proxy"};
    assertThat(
            metrics.value(
                "gatehouse_policy_denials_total", append(slowProxy, "code", "upstream.timeout")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "gatehouse_policy_outcomes_total",
                "pipeline",
                "open",
                "policy",
                "proxy",
                "outcome",
                "responded"))
        .isEqualTo(3);
    // The policy's own meters, registered through its context, carry its pipeline and name.
    assertThat(metrics.value("gatehouse_test_decisions_total", append(deny, "decision", "denied")))
        .isEqualTo(2);
    assertThat(metrics.value("gatehouse_test_decisions_total", append(deny, "decision", "allowed")))
        .isEqualTo(1);
  }

  @Test
  void upstreamLatencyIsSeparateFromTotalAndErrorsHaveAKind() throws Exception {
    knownTraffic();

    Exposition metrics = scrapeUntil(m -> requests(m) == TOTAL);

    assertThat(
            metrics.value(
                "gatehouse_upstream_duration_seconds_count", "service_endpoint", "backend"))
        .as("the four answered calls; the timed-out one has no answer time")
        .isEqualTo(4);
    assertThat(
            metrics.value(
                "gatehouse_upstream_errors_total",
                "service_endpoint",
                "backend",
                "kind",
                "timeout"))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "gatehouse_upstream_errors_total",
                "service_endpoint",
                "backend",
                "kind",
                "connect"))
        .isZero();
    assertThat(
            metrics.value(
                "gatehouse_upstream_errors_total", "service_endpoint", "backend", "kind", "reset"))
        .isZero();
    assertThat(
            metrics.value(
                "gatehouse_upstream_errors_total", "service_endpoint", "dead", "kind", "connect"))
        .isEqualTo(1);
    assertThat(
            metrics.value("gatehouse_upstream_duration_seconds_count", "service_endpoint", "dead"))
        .isZero();
    assertThat(metrics.value("gatehouse_request_duration_seconds_count", route("down", "5xx")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "gatehouse_policy_denials_total",
                "pipeline",
                "down",
                "policy",
                "proxy",
                "code",
                "upstream.unavailable"))
        .isEqualTo(1);
    double upstream =
        metrics.value("gatehouse_upstream_duration_seconds_sum", "service_endpoint", "backend");
    double total =
        metrics.samples("gatehouse_request_duration_seconds_sum", "status_class", "2xx").stream()
            .mapToDouble(Exposition.Sample::value)
            .sum();
    assertThat(upstream).isPositive().isLessThan(total);
  }

  @Test
  void theWholeExpositionParsesInBothFormatsWithGatewayJvmAndProcessMetrics() throws Exception {
    knownTraffic();
    scrapeUntil(m -> requests(m) == TOTAL);

    Reply text = scrape(null);
    Reply openMetrics =
        scrape(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

    assertThat(text.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(openMetrics.header("content-type"))
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    Exposition parsed = Exposition.parseText(text.text());
    Exposition parsedOpen = Exposition.parseOpenMetrics(openMetrics.text());
    for (String family :
        new String[] {
          "gatehouse_request_duration_seconds",
          "gatehouse_policy_duration_seconds",
          "gatehouse_upstream_duration_seconds",
          "gatehouse_config_reloads_total",
          "gatehouse_build_info",
          "gatehouse_connections_active",
          "jvm_memory_used_bytes",
          "jvm_gc_memory_allocated_bytes_total",
          "process_cpu_usage",
          "process_uptime_seconds"
        }) {
      assertThat(parsed.families()).as(family).containsKey(family);
      assertThat(parsed.families().get(family).help()).as(family + " help").isNotBlank();
    }
    assertThat(parsedOpen.families().get("gatehouse_build").type()).isEqualTo("info");
    assertThat(parsedOpen.families().get("gatehouse_policy_denials").type()).isEqualTo("counter");
    assertThat(parsed.value("gatehouse_build_info", "plugin_api", "1.0.0")).isEqualTo(1);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "metrics-scrape.txt"), text.text());
    Promtool.assertAccepts(text.text());
  }

  @Test
  void theDocumentedQueriesParseAndReadMetricsTheGatewayExports() throws Exception {
    knownTraffic();
    Exposition metrics = scrapeUntil(m -> requests(m) == TOTAL);
    java.util.List<String> queries = DocumentedQueries.all();

    assertThat(queries).hasSizeGreaterThan(10);
    assertThat(metrics.families().keySet()).containsAll(DocumentedQueries.families(queries));
    DocumentedQueries.assertParse(queries, dir);
  }

  @Test
  void reloadsAreCountedAndRetireTheSeriesOfWhatTheConfigurationDropped() throws Exception {
    knownTraffic();
    scrapeUntil(m -> requests(m) == TOTAL);
    String withoutSlow =
        CONFIG
            .replace("  slow: {paths: '/slow/*'}\n", "")
            .replaceAll("(?s)  slow:\n    apiEndpoints: \\[slow].*", "");
    Files.writeString(dir.resolve("gateway.config.yml"), withoutSlow);

    assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.APPLIED);
    Files.writeString(dir.resolve("gateway.config.yml"), "http: {port: [not a port]}\n");
    assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.REFUSED);
    assertThat(get("/open/again").status()).isEqualTo(200);

    Exposition metrics =
        scrapeUntil(
            m ->
                m.valueOrZero("gatehouse_request_duration_seconds_count", route("open", "2xx"))
                    == 4);
    assertThat(metrics.value("gatehouse_config_reloads_total", "result", "applied")).isEqualTo(1);
    assertThat(metrics.value("gatehouse_config_reloads_total", "result", "refused")).isEqualTo(1);
    assertThat(metrics.samples("gatehouse_request_duration_seconds_count", "api_endpoint", "slow"))
        .isEmpty();
    assertThat(metrics.samples("gatehouse_policy_outcomes_total", "pipeline", "slow")).isEmpty();
    assertThat(metrics.value("gatehouse_request_duration_seconds_count", route("open", "2xx")))
        .as("series the new configuration keeps go on counting")
        .isEqualTo(4);
    assertThat(metrics.value("gatehouse_config_age_seconds")).isLessThan(60);
  }

  private static String[] append(String[] labels, String... more) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
    System.arraycopy(more, 0, all, labels.length, more.length);
    return all;
  }
}
