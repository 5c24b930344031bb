package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.metrics.Exposition;
import dev.gatehouse.core.metrics.Promtool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} of the built distribution, scraped on its metrics listener after known
 * traffic through the shipped {@code key-auth}, {@code jwt} and {@code rate-limit} jars and the
 * core's proxy: exact request counts and histogram counts by endpoint, pipeline, method and status
 * class; accepted and denied requests of each authentication step by problem code; rate-limit
 * decisions; upstream latency and errors by kind; the plugins' info series. The exposition parses
 * in both formats, passes {@code promtool check metrics} when promtool is installed, and every
 * metric it holds is documented in {@code docs/metrics.md} (and the other way round).
 */
class MetricsIT {

  private static final String CONFIG =
      """
      apiEndpoints:
        keys: {paths: ['/keys', '/keys/*']}
        tokens: {paths: ['/tokens', '/tokens/*']}
        limited: {paths: /limited}
        hang: {paths: /hang}
        down: {paths: /down}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
        dead: {url: 'http://127.0.0.1:%d'}
      policies: [key-auth, jwt, rate-limit, proxy]
      pipelines:
        keys:
          apiEndpoints: [keys]
          policies:
            - key-auth: [{action: {}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        tokens:
          apiEndpoints: [tokens]
          policies:
            - jwt: [{action: {jwksUri: '%s', checkCredentialExistence: false}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        limited:
          apiEndpoints: [limited]
          policies:
            - rate-limit: [{action: {max: 2, windowMs: 3600000}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        hang:
          apiEndpoints: [hang]
          policies:
            - proxy: [{action: {serviceEndpoint: backend, proxyTimeout: 300}}]
        down:
          apiEndpoints: [down]
          policies:
            - proxy: [{action: {serviceEndpoint: dead}}]
      """;

  /** The requests {@link #knownTraffic()} sends. */
  private static final int SENT = 19;

  private static final List<String> REQUEST_BUCKETS =
      List.of(
          "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
          "5.0", "10.0", "30.0", "+Inf");
  private static final List<String> POLICY_BUCKETS =
      List.of(
          "5.0E-5", "1.0E-4", "2.5E-4", "5.0E-4", "0.001", "0.0025", "0.005", "0.01", "0.025",
          "0.05", "0.1", "0.25", "1.0", "5.0", "+Inf");

  private static final String OPENMETRICS =
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private static RSAKey signingKey;
  private static HttpServer jwks;
  private static ObservedGateway gateway;
  private static String text;
  private static Exposition metrics;

  @BeforeAll
  static void driveKnownTraffic() throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    jwks = jwksServer(new JWKSet(signingKey.toPublicJWK()).toString());
    String jwksUri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    gateway =
        new ObservedGateway(
            Files.createTempDirectory("metrics-it"),
            CONFIG.formatted(GatehouseProcess.freePort(), jwksUri),
            "");
    knownTraffic();
    metrics = scrapeUntilAllRecorded();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  /** A JWKS document server for the jwt step, as an identity provider publishes one. */
  private static HttpServer jwksServer(String document) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks.json",
        exchange -> {
          byte[] body = document.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "application/json");
          exchange.getResponseHeaders().set("cache-control", "max-age=3600");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static void knownTraffic() throws Exception {
    String key = gateway.keyAuthConsumer("ada").key();
    String keyId = key.substring(0, key.indexOf(':'));
    // keys: 4 accepted (3 GET, 1 POST), 3 denied (1 without a key, 2 with a bad one).
    for (int i = 0; i < 3; i++) {
      expect(200, gateway.get("/keys/" + i, "authorization", "apiKey " + key));
    }
    expect(200, gateway.send("POST", "/keys", "authorization", "apiKey " + key));
    expect(401, gateway.get("/keys"));
    expect(401, gateway.get("/keys", "authorization", "apiKey unknown-id:secret"));
    expect(401, gateway.get("/keys", "authorization", "apiKey " + keyId + ":wrong-secret"));

    // tokens: 2 accepted, 3 denied (no token, expired, signed by another key).
    Instant now = Instant.now();
    String valid = token(signingKey, now.plusSeconds(300));
    expect(200, gateway.get("/tokens", "authorization", "Bearer " + valid));
    expect(200, gateway.get("/tokens/orders", "authorization", "Bearer " + valid));
    expect(401, gateway.get("/tokens"));
    expect(
        401,
        gateway.get(
            "/tokens", "authorization", "Bearer " + token(signingKey, now.minusSeconds(3600))));
    RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
    expect(
        401,
        gateway.get("/tokens", "authorization", "Bearer " + token(impostor, now.plusSeconds(300))));

    // limited: max 2 in the window.
    expect(200, gateway.get("/limited"));
    expect(200, gateway.get("/limited"));
    expect(429, gateway.get("/limited"));
    expect(429, gateway.get("/limited"));

    // upstream failures, and a path no API endpoint serves.
    expect(504, gateway.get("/hang"));
    expect(502, gateway.get("/down"));
    expect(404, gateway.get("/nowhere"));
  }

  private static void expect(int status, HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
  }

  private static String token(RSAKey key, Instant expires) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject("ada")
                .issueTime(Date.from(expires.minusSeconds(600)))
                .expirationTime(Date.from(expires))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /**
   * The text exposition once every request sent is counted: a request is recorded after its last
   * byte is written, which may be just after the client has read it.
   */
  private static Exposition scrapeUntilAllRecorded() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      text = gateway.scrape("text/plain");
      Exposition parsed = Exposition.parseText(text);
      double counted =
          parsed.samples("gatehouse_request_duration_seconds_count").stream()
              .mapToDouble(Exposition.Sample::value)
              .sum();
      if (counted == SENT || System.nanoTime() > deadline) {
        return parsed;
      }
      Thread.sleep(20);
    }
  }

  private static double requests(String endpoint, String method, String statusClass) {
    return metrics.value(
        "gatehouse_request_duration_seconds_count",
        "api_endpoint",
        endpoint,
        "pipeline",
        endpoint,
        "method",
        method,
        "status_class",
        statusClass);
  }

  private static double outcomes(String pipeline, String policy, String outcome) {
    return metrics.value(
        "gatehouse_policy_outcomes_total",
        "pipeline",
        pipeline,
        "policy",
        policy,
        "outcome",
        outcome);
  }

  private static double denials(String pipeline, String policy, String code) {
    return metrics.value(
        "gatehouse_policy_denials_total", "pipeline", pipeline, "policy", policy, "code", code);
  }

  private static double stepCount(String pipeline, String policy) {
    return metrics.value(
        "gatehouse_policy_duration_seconds_count", "pipeline", pipeline, "policy", policy);
  }

  @Test
  void requestsAreCountedByEndpointPipelineMethodAndStatusClass() {
    double total =
        metrics.samples("gatehouse_request_duration_seconds_count").stream()
            .mapToDouble(Exposition.Sample::value)
            .sum();
    assertThat(total).as("every request sent, counted once").isEqualTo(SENT);

    assertThat(requests("keys", "GET", "2xx")).isEqualTo(3);
    assertThat(requests("keys", "POST", "2xx")).isEqualTo(1);
    assertThat(requests("keys", "GET", "4xx")).isEqualTo(3);
    assertThat(requests("tokens", "GET", "2xx")).isEqualTo(2);
    assertThat(requests("tokens", "GET", "4xx")).isEqualTo(3);
    assertThat(requests("limited", "GET", "2xx")).isEqualTo(2);
    assertThat(requests("limited", "GET", "4xx")).isEqualTo(2);
    assertThat(requests("hang", "GET", "5xx")).isEqualTo(1);
    assertThat(requests("down", "GET", "5xx")).isEqualTo(1);
    assertThat(requests("", "GET", "4xx")).as("no API endpoint matched").isEqualTo(1);
    assertThat(metrics.samples("gatehouse_request_duration_seconds_count", "method", "POST"))
        .as("a series appears only once a request of its kind is answered")
        .hasSize(1);

    // The histogram: the documented buckets, cumulative, and a 504 after the 300 ms timeout
    // lands above 250 ms.
    assertThat(
            buckets(
                "gatehouse_request_duration_seconds_bucket",
                "api_endpoint",
                "keys",
                "method",
                "POST"))
        .isEqualTo(REQUEST_BUCKETS);
    assertThat(bucket("gatehouse_request_duration_seconds_bucket", "0.25", "api_endpoint", "hang"))
        .isZero();
    assertThat(bucket("gatehouse_request_duration_seconds_bucket", "+Inf", "api_endpoint", "hang"))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "gatehouse_request_duration_seconds_sum", "api_endpoint", "hang", "method", "GET"))
        .isGreaterThanOrEqualTo(0.3);
    assertThat(
            metrics.value(
                "gatehouse_request_duration_seconds_max",
                "api_endpoint",
                "hang",
                "status_class",
                "5xx"))
        .isGreaterThanOrEqualTo(0.3);
    assertThat(metrics.value("gatehouse_requests_in_flight")).isZero();
    assertThat(metrics.samples("gatehouse_connections_active", "listener", "http")).hasSize(1);
  }

  @Test
  void authenticationStepsCountAcceptedAndDeniedRequestsByCode() {
    assertThat(outcomes("keys", "key-auth", "continued")).as("accepted keys").isEqualTo(4);
    assertThat(outcomes("keys", "key-auth", "responded")).as("denied keys").isEqualTo(3);
    assertThat(outcomes("keys", "key-auth", "failed")).isZero();
    assertThat(denials("keys", "key-auth", "auth.missing")).isEqualTo(1);
    assertThat(denials("keys", "key-auth", "auth.invalid")).isEqualTo(2);
    assertThat(stepCount("keys", "key-auth")).isEqualTo(7);

    assertThat(outcomes("tokens", "jwt", "continued")).as("accepted tokens").isEqualTo(2);
    assertThat(outcomes("tokens", "jwt", "responded")).as("denied tokens").isEqualTo(3);
    assertThat(outcomes("tokens", "jwt", "failed")).isZero();
    assertThat(denials("tokens", "jwt", "auth.missing")).isEqualTo(1);
    assertThat(denials("tokens", "jwt", "auth.expired")).isEqualTo(1);
    assertThat(denials("tokens", "jwt", "auth.invalid")).isEqualTo(1);
    assertThat(stepCount("tokens", "jwt")).isEqualTo(5);

    assertThat(metrics.samples("gatehouse_policy_denials_total", "policy", "key-auth"))
        .as("only the codes the step answered with")
        .hasSize(2);
    assertThat(buckets("gatehouse_policy_duration_seconds_bucket", "policy", "jwt"))
        .isEqualTo(POLICY_BUCKETS);

    // The jwt step fetched its key set once, when the configuration loaded.
    assertThat(jwksRefreshes("success")).isEqualTo(1);
    assertThat(jwksRefreshes("not_modified")).isZero();
    assertThat(jwksRefreshes("failure")).isZero();
  }

  private static double jwksRefreshes(String result) {
    return metrics.value(
        "gatehouse_jwks_refreshes_total", "pipeline", "tokens", "policy", "jwt", "result", result);
  }

  @Test
  void theRateLimitStepCountsItsDecisions() {
    assertThat(decisions("allowed")).isEqualTo(2);
    assertThat(decisions("rejected")).isEqualTo(2);
    assertThat(decisions("delayed")).isZero();
    assertThat(decisions("store_error_allowed")).isZero();
    assertThat(decisions("store_error_denied")).isZero();
    assertThat(outcomes("limited", "rate-limit", "continued")).isEqualTo(2);
    assertThat(outcomes("limited", "rate-limit", "responded")).isEqualTo(2);
    assertThat(denials("limited", "rate-limit", "ratelimit.exceeded")).isEqualTo(2);
  }

  private static double decisions(String decision) {
    return metrics.value(
        "gatehouse_ratelimit_decisions_total",
        "pipeline",
        "limited",
        "policy",
        "rate-limit",
        "store",
        "local",
        "decision",
        decision);
  }

  @Test
  void upstreamCallsAreTimedApartAndTheirFailuresCountedByKind() {
    // 4 keys, 2 tokens and 2 limited requests reached the backend and were answered.
    assertThat(
            metrics.value(
                "gatehouse_upstream_duration_seconds_count", "service_endpoint", "backend"))
        .isEqualTo(8);
    assertThat(
            metrics.value("gatehouse_upstream_duration_seconds_count", "service_endpoint", "dead"))
        .isZero();
    assertThat(buckets("gatehouse_upstream_duration_seconds_bucket", "service_endpoint", "backend"))
        .isEqualTo(REQUEST_BUCKETS);
    assertThat(upstreamErrors("backend", "timeout")).isEqualTo(1);
    assertThat(upstreamErrors("backend", "connect")).isZero();
    assertThat(upstreamErrors("backend", "reset")).isZero();
    assertThat(upstreamErrors("dead", "connect")).isEqualTo(1);
    assertThat(upstreamErrors("dead", "timeout")).isZero();

    assertThat(outcomes("keys", "proxy", "responded")).isEqualTo(4);
    assertThat(outcomes("keys", "proxy", "continued")).isZero();
    assertThat(outcomes("hang", "proxy", "responded")).isEqualTo(1);
    assertThat(denials("hang", "proxy", "upstream.timeout")).isEqualTo(1);
    assertThat(denials("down", "proxy", "upstream.unavailable")).isEqualTo(1);
    assertThat(stepCount("hang", "proxy")).isEqualTo(1);
  }

  private static double upstreamErrors(String serviceEndpoint, String kind) {
    return metrics.value(
        "gatehouse_upstream_errors_total", "service_endpoint", serviceEndpoint, "kind", kind);
  }

  @Test
  void theBuildAndEveryShippedPluginJarArePublished() throws IOException {
    String version = System.getProperty("gatehouse.version");
    assertThat(metrics.value("gatehouse_build_info", "version", version, "plugin_api", "1.0.0"))
        .isEqualTo(1);
    Set<String> jars = new TreeSet<>();
    try (var files = Files.list(GatehouseProcess.home().resolve("plugins"))) {
      files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".jar"))
          .forEach(f -> jars.add(f.substring(0, f.length() - 4)));
    }
    assertThat(jars).contains("key-auth", "jwt", "rate-limit");
    Set<String> published = new TreeSet<>();
    for (Exposition.Sample sample : metrics.samples("gatehouse_plugin_info")) {
      assertThat(sample.value()).isEqualTo(1);
      assertThat(sample.labels()).containsEntry("version", version);
      published.add(sample.labels().get("id"));
    }
    assertThat(published).isEqualTo(jars);
    assertThat(metrics.value("gatehouse_config_reloads_total", "result", "applied")).isZero();
    assertThat(metrics.value("gatehouse_config_reloads_total", "result", "refused")).isZero();
  }

  @Test
  void theExpositionParsesInBothFormatsAndPassesPromtool() throws Exception {
    String openMetrics = gateway.scrape(OPENMETRICS);
    Exposition parsed = Exposition.parseOpenMetrics(openMetrics);
    assertThat(parsed.families().get("gatehouse_policy_denials").type()).isEqualTo("counter");
    assertThat(parsed.families().get("gatehouse_request_duration_seconds").type())
        .isEqualTo("histogram");
    assertThat(
            parsed.value(
                "gatehouse_policy_denials_total",
                "pipeline",
                "keys",
                "policy",
                "key-auth",
                "code",
                "auth.invalid"))
        .isEqualTo(2);
    Promtool.assertAccepts(text);
  }

  /**
   * Every metric family the gateway exported is in {@code docs/metrics.md}, and every metric
   * documented there was exported (the tokens the OAuth 2.0 server issues are not part of this
   * traffic; GC pauses appear only after a collection).
   */
  @Test
  void everyExportedMetricIsDocumentedAndEveryDocumentedOneExported() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher named =
        Pattern.compile("`((?:gatehouse|jvm|process|system)_[a-z0-9_]+\\*?)`").matcher(doc());
    while (named.find()) {
      documented.add(named.group(1));
    }
    Set<String> exported = new TreeSet<>(metrics.families().keySet());

    List<String> undocumented = new ArrayList<>();
    for (String family : exported) {
      String timer = family.endsWith("_max") ? family.substring(0, family.length() - 4) : null;
      boolean known =
          documented.contains(family)
              // Micrometer's timers export a _max gauge beside their histogram or summary.
              || (timer != null
                  && documented.contains(timer)
                  && Set.of("histogram", "summary").contains(metrics.families().get(timer).type()))
              || documented.stream()
                  .anyMatch(
                      d -> d.endsWith("*") && family.startsWith(d.substring(0, d.length() - 1)));
      if (!known) {
        undocumented.add(family);
      }
    }
    assertThat(undocumented).as("exported, not in docs/metrics.md").isEmpty();

    List<String> missing = new ArrayList<>();
    for (String name : documented) {
      if (!name.endsWith("*")
          && !name.equals("gatehouse_tokens_issued_total")
          && !name.equals("jvm_gc_pause_seconds")
          && !exported.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("in docs/metrics.md, not exported").isEmpty();
  }

  /**
   * The tables of gateway and plugin metrics in {@code docs/metrics.md} give each exported metric's
   * type and label names.
   */
  @Test
  void theDocumentedTypesAndLabelsAreTheExportedOnes() throws IOException {
    Pattern row = Pattern.compile("(?m)^\\| `(gatehouse_[a-z_]+)` \\| ([a-z ()]+) \\|([^|]*)\\|");
    Pattern label = Pattern.compile("`([a-z_]+)`");
    String doc = doc();
    int pluginTable = doc.indexOf("## Plugin metrics");
    Matcher rows = row.matcher(doc);
    int checked = 0;
    while (rows.find()) {
      String name = rows.group(1);
      if (name.equals("gatehouse_tokens_issued_total")) {
        continue; // no token is issued in this traffic
      }
      Exposition.Family family = metrics.families().get(name);
      assertThat(family).as(name + " exported").isNotNull();
      assertThat(family.type()).as(name + " type").isEqualTo(rows.group(2).replace(" (info)", ""));
      Set<String> labels = new TreeSet<>();
      Matcher documentedLabel = label.matcher(rows.group(3).replaceAll("\\([^)]*\\)", ""));
      while (documentedLabel.find()) {
        labels.add(documentedLabel.group(1));
      }
      if (rows.start() > pluginTable) {
        labels.addAll(Set.of("pipeline", "policy"));
      }
      Set<String> exportedLabels = new TreeSet<>();
      family.samples().forEach(sample -> exportedLabels.addAll(sample.labels().keySet()));
      exportedLabels.remove("le");
      assertThat(exportedLabels).as(name + " labels").isEqualTo(labels);
      checked++;
    }
    long tableRows = doc.lines().filter(line -> line.startsWith("| `gatehouse_")).count();
    assertThat(checked).as("rows of the metrics tables read").isEqualTo(tableRows - 1).isPositive();
  }

  private static String doc() throws IOException {
    Path docs = GatehouseProcess.home().getParent().getParent().getParent().resolve("docs");
    return Files.readString(docs.resolve("metrics.md"));
  }

  /** The {@code le} values of the one histogram series whose labels include {@code labels}. */
  private static List<String> buckets(String name, String... labels) {
    List<Exposition.Sample> samples = metrics.samples(name, labels);
    Set<String> series = new TreeSet<>();
    List<String> bounds = new ArrayList<>();
    for (Exposition.Sample sample : samples) {
      Map<String, String> rest = new TreeMap<>(sample.labels());
      bounds.add(rest.remove("le"));
      series.add(rest.toString());
    }
    assertThat(series).as(name + " series matching " + List.of(labels)).hasSize(1);
    return bounds;
  }

  private static double bucket(String name, String le, String... labels) {
    String[] withLe = Arrays.copyOf(labels, labels.length + 2);
    withLe[labels.length] = "le";
    withLe[labels.length + 1] = le;
    return metrics.value(name, withLe);
  }
}
