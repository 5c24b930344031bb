package dev.gatehouse.core.policy;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.LogCapture;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CEL-driven policies and the {@code expression} condition on a real listener with a real
 * upstream: compat section 3.9-3.11, section 4 ({@code expression}) and section 7 item 34.
 */
@ExtendWith(BlockedThreadGuard.class)
class ExpressionPoliciesOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        log: {paths: '/log*'}
        gated: {paths: '/gated*'}
        headers: {paths: '/headers*'}
        anonymous: {paths: '/anonymous*'}
        expression: {paths: '/expression*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [log, expression, headers, proxy, terminate, test-mark, test-login]
      pipelines:
        log:
          apiEndpoints: [log]
          policies:
            - log:
                action:
                  message: 'seen ${req.method} ${req.url} id=$${requestID} via ${egContext.req.method}'
            - log:
                action: {message: "tenant ${req.headers['x-tenant']}"}
            - proxy: {action: {serviceEndpoint: backend}}
        gated:
          apiEndpoints: [gated]
          policies:
            - test-mark:
                condition: {name: expression, expression: "req.headers['x-tier'] == 'gold'"}
                action: {mark: gold}
            - test-mark:
                condition:
                  name: allOf
                  conditions:
                    - {name: method, methods: [GET, POST]}
                    - {name: expression, expression: "int(req.query.page) > 1"}
                action: {mark: paged}
            - terminate:
                condition: {name: expression, expression: "req.method == 'DELETE'"}
                action: {statusCode: 405, message: nothing is deleted here}
            - proxy: {action: {serviceEndpoint: backend}}
        headers:
          apiEndpoints: [headers]
          policies:
            - test-login:
                action: {id: u-42, name: alice, scopes: [orders:read, admin]}
            - headers:
                action:
                  headersPrefix: 'eg-'
                  forwardHeaders:
                    consumer-id: consumer.id
                    consumer-name: consumer.name
                    consumer-type: consumer.type
                    scopes: consumer.token.scopes
                    endpoint: apiEndpoint.name
            - test-mark:
                condition: {name: expression, expression: "'admin' in consumer.scopes"}
                action: {mark: admin}
            - proxy: {action: {serviceEndpoint: backend}}
        anonymous:
          apiEndpoints: [anonymous]
          policies:
            - headers:
                action: {forwardHeaders: {x-consumer: consumer.id, x-path: req.path}}
            - test-mark:
                condition: {name: expression, expression: "'admin' in consumer.scopes"}
                action: {mark: admin}
            - proxy: {action: {serviceEndpoint: backend}}
        expression:
          apiEndpoints: [expression]
          policies:
            - expression: {action: {jscode: "req.headers['x-missing'] == 'x'"}}
            - expression: {action: {jscode: "size(req.url) > 0"}}
            - proxy: {action: {serviceEndpoint: backend}}
      """;

  private static Vertx vertx;
  private static Http http;
  private static TestBackend backend;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    gateway =
        GatewayFixture.config(Files.createTempDirectory("gatehouse-cel"))
            .env("BACKEND", backend.url())
            .gateway(CONFIG)
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    http.close();
    join(vertx.close());
  }

  private static Reply send(HttpMethod method, String uri, MultiMap headers) {
    return join(http.send(method, gateway.port(), uri, headers, null));
  }

  private static Reply get(String uri, String... headerPairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return send(HttpMethod.GET, uri, headers);
  }

  private static JsonObject upstreamHeaders(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonObject("headers");
  }

  @Test
  void logInterpolatesTheUrlTheRequestIdAndEgContextAtInfo() throws Exception {
    try (LogCapture log = LogCapture.of(LogPolicyFactory.LOGGER, Level.INFO)) {
      Reply reply = get("/log/orders?page=2");

      String requestId = upstreamHeaders(reply).getString("eg-request-id");
      ILoggingEvent event = log.await(e -> e.getFormattedMessage().startsWith("seen "));
      assertThat(event.getLevel()).isEqualTo(Level.INFO);
      assertThat(event.getFormattedMessage())
          .isEqualTo(
              "seen GET /log/orders?page=2 id=" + requestId + " via GET request_id=" + requestId);
    }
  }

  @Test
  void aLogMessageThatFailsIsLoggedAsAWarningAndTheRequestGoesOn() throws Exception {
    try (LogCapture log = LogCapture.of(LogPolicyFactory.LOGGER, Level.INFO)) {
      Reply without = get("/log/a");
      Reply with = get("/log/b", "x-tenant", "acme");

      String failedId = upstreamHeaders(without).getString("eg-request-id");
      ILoggingEvent failure =
          log.await(
              e ->
                  e.getFormattedMessage().contains("request_id=" + failedId)
                      && e.getLevel() == Level.WARN);
      assertThat(failure.getFormattedMessage())
          .startsWith("log_message_failed")
          .contains("x-tenant");
      String okId = upstreamHeaders(with).getString("eg-request-id");
      log.await(e -> e.getFormattedMessage().equals("tenant acme request_id=" + okId));
    }
  }

  @Test
  void controlCharactersFromTheRequestCannotForgeLogLines() throws Exception {
    try (LogCapture log = LogCapture.of(LogPolicyFactory.LOGGER, Level.INFO)) {
      Reply reply = get("/log/x?q=%0Aforged", "x-tenant", "acme");

      String id = upstreamHeaders(reply).getString("eg-request-id");
      ILoggingEvent event =
          log.await(
              e ->
                  e.getFormattedMessage().startsWith("seen ")
                      && e.getFormattedMessage().contains(id));
      assertThat(event.getFormattedMessage()).doesNotContain("\n");
    }
  }

  @ParameterizedTest(name = "{0} {1} x-tier={2} -> marks {3}")
  @CsvSource(
      nullValues = "none",
      value = {
        "GET, /gated, gold, gold",
        "GET, /gated, silver, none",
        // a header that is absent makes the expression fail, so the condition is false
        "GET, /gated, none, none",
        "GET, /gated?page=2, none, paged",
        "GET, /gated?page=1, gold, gold",
        // page is not a number: int() fails, the condition is false, the other one still holds
        "POST, /gated?page=two, gold, gold",
      })
  void theExpressionConditionGatesSteps(String method, String uri, String tier, String marks) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (tier != null) {
      headers.set("x-tier", tier);
    }

    Reply reply = send(HttpMethod.valueOf(method), uri, headers);

    assertThat(upstreamHeaders(reply).getString("x-marks")).isEqualTo(marks);
  }

  @Test
  void anExpressionConditionCanAnswerTheRequest() {
    Reply reply = send(HttpMethod.DELETE, "/gated", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.json().getString("detail")).isEqualTo("nothing is deleted here");
  }

  @Test
  void aFailingConditionIsLoggedAtDebugWithTheRequestId() throws Exception {
    try (LogCapture log = LogCapture.of("gatehouse.condition.expression", Level.DEBUG)) {
      Reply reply = get("/gated");

      String id = upstreamHeaders(reply).getString("eg-request-id");
      ILoggingEvent event = log.await(e -> e.getFormattedMessage().contains("request_id=" + id));
      assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(event.getFormattedMessage()).contains("x-tier");
    }
  }

  @Test
  void theHeadersPolicySendsConsumerDetailsUpstreamUnderItsPrefix() {
    JsonObject upstream = upstreamHeaders(get("/headers"));

    assertThat(upstream.getString("eg-consumer-id")).isEqualTo("u-42");
    assertThat(upstream.getString("eg-consumer-name")).isEqualTo("alice");
    assertThat(upstream.getString("eg-consumer-type")).isEqualTo("user");
    assertThat(upstream.getString("eg-scopes")).isEqualTo("admin,orders:read");
    assertThat(upstream.getString("eg-endpoint")).isEqualTo("headers");
    assertThat(upstream.getString("x-marks")).isEqualTo("admin");
  }

  @Test
  void withoutAConsumerConsumerValuesAreLeftOutAndConditionsOnThemAreFalse() {
    JsonObject upstream = upstreamHeaders(get("/anonymous/x"));

    assertThat(upstream.containsKey("x-consumer")).isFalse();
    assertThat(upstream.getString("x-path")).isEqualTo("/anonymous/x");
    assertThat(upstream.containsKey("x-marks")).isFalse();
  }

  @Test
  void theExpressionPolicyEvaluatesAndAlwaysContinues() {
    Reply reply = get("/expression");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("path")).isEqualTo("/expression");
  }
}
