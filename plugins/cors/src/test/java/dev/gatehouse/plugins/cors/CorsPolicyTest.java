package dev.gatehouse.plugins.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.testkit.InvalidActionException;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every parameter of the policy (Express Gateway's, after expressjs/cors 2.8), off the wire. */
class CorsPolicyTest {

  private static final String SITE = "https://app.example.com";

  private final List<PolicyHarness> harnesses = new ArrayList<>();

  @AfterEach
  void close() {
    harnesses.forEach(PolicyHarness::close);
  }

  private PolicyHarness cors(String action) {
    PolicyHarness harness = PolicyHarness.of(new CorsPolicyFactory()).withAction(action);
    harnesses.add(harness);
    return harness;
  }

  private static TestRequest preflight(String origin) {
    return TestRequest.of(HttpMethod.OPTIONS, "/api")
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "x-token,content-type");
  }

  private static TestRequest get(String origin) {
    return TestRequest.get("/api").header("Origin", origin);
  }

  /** What the client receives when the upstream (or a later policy) answers {@code upstream}. */
  private static MultiMap actual(PolicyHarness harness, TestRequest request, Response upstream) {
    PolicyHarness.TestRun run = harness.run(request);
    assertThat(run.outcome().proceeds()).as("an actual request goes on").isTrue();
    return run.respond(upstream).headers();
  }

  private static Response answered(PolicyHarness harness, TestRequest request) {
    Outcome outcome = harness.run(request).outcome();
    assertThat(outcome.proceeds()).as("the preflight is answered by the step").isFalse();
    return outcome.response();
  }

  @Test
  void theDefaultsAllowAnyOriginAndAnswerPreflightsWith204() {
    PolicyHarness harness = cors("{}");

    Response preflight = answered(harness, preflight(SITE));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers().get("Content-Length")).as("none on a 204").isNull();
    assertThat(preflight.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.headers().get("Access-Control-Allow-Methods"))
        .isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
    assertThat(preflight.headers().get("Access-Control-Allow-Headers"))
        .as("reflected from the preflight")
        .isEqualTo("x-token,content-type");
    assertThat(preflight.headers().get("Vary")).isEqualTo("Access-Control-Request-Headers");
    assertThat(preflight.headers().get("Access-Control-Allow-Credentials")).isNull();
    assertThat(preflight.headers().get("Access-Control-Max-Age")).isNull();

    MultiMap response = actual(harness, get(SITE), Response.of(200));
    assertThat(response.get("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(response.get("Vary")).isNull();
    assertThat(response.get("Access-Control-Allow-Methods")).as("preflights only").isNull();
  }

  @Test
  void aStringOriginIsSentAsIsWithVaryOrigin() {
    PolicyHarness harness = cors("{origin: 'https://only.example'}");

    MultiMap response = actual(harness, get(SITE), Response.of(200));

    assertThat(response.get("Access-Control-Allow-Origin")).isEqualTo("https://only.example");
    assertThat(response.get("Vary")).isEqualTo("Origin");
  }

  @Test
  void originTrueReflectsTheRequestsOrigin() {
    PolicyHarness harness = cors("{origin: true}");

    assertThat(actual(harness, get(SITE), Response.of(200)).get("Access-Control-Allow-Origin"))
        .isEqualTo(SITE);
    assertThat(
            actual(harness, TestRequest.get("/api"), Response.of(200))
                .get("Access-Control-Allow-Origin"))
        .as("no Origin, nothing to reflect")
        .isNull();
  }

  @Test
  void originFalseTurnsCorsOff() {
    PolicyHarness harness = cors("{origin: false}");

    PolicyHarness.TestRun preflight = harness.run(preflight(SITE));

    assertThat(preflight.outcome().proceeds())
        .as("the preflight goes on down the pipeline")
        .isTrue();
    assertThat(preflight.respond(Response.of(404)).headers().names())
        .noneMatch(name -> name.startsWith("Access-Control"));
  }

  @Test
  void item32ARegExpOriginReflectsMatchingOriginsOnly() {
    PolicyHarness harness = cors("{origin: !!js/regexp '/^https:\\/\\/[a-z]+\\.example\\.com$/i'}");

    Response allowed = answered(harness, preflight("https://APP.example.com"));
    Response refused = answered(harness, preflight("https://evil.example.org"));

    assertThat(allowed.status()).isEqualTo(204);
    assertThat(allowed.headers().get("Access-Control-Allow-Origin"))
        .isEqualTo("https://APP.example.com");
    assertThat(allowed.headers().get("Access-Control-Allow-Methods")).isNotNull();
    assertThat(allowed.headers().get("Access-Control-Allow-Headers")).isNotNull();
    assertThat(allowed.headers().get("Vary")).isEqualTo("Origin, Access-Control-Request-Headers");
    assertThat(refused.headers().get("Access-Control-Allow-Origin")).isNull();
    assertThat(refused.headers().get("Vary")).startsWith("Origin");
  }

  @Test
  void item32AnArrayOfStringsAndRegExpsReflectsMatchingOriginsOnly() {
    PolicyHarness harness =
        cors("{origin: ['https://one.example', !!js/regexp '/\\.two\\.example$/']}");

    assertThat(allowOrigin(harness, "https://one.example")).isEqualTo("https://one.example");
    assertThat(allowOrigin(harness, "https://a.two.example")).isEqualTo("https://a.two.example");
    assertThat(allowOrigin(harness, "https://one.example.evil")).isNull();
    assertThat(allowOrigin(harness, "https://three.example")).isNull();
  }

  private static String allowOrigin(PolicyHarness harness, String origin) {
    return actual(harness, get(origin), Response.of(200)).get("Access-Control-Allow-Origin");
  }

  @Test
  void item32AnObjectOriginThatIsNotARegExpIsRefusedAtLoad() {
    assertThatThrownBy(() -> cors("{origin: {host: app.example.com}}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("origin");
    assertThatThrownBy(() -> cors("{origin: !!js/regexp '/(unclosed/'}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("origin")
        .hasMessageContaining("regular expression");
  }

  @Test
  void methodsHeadersCredentialsAndMaxAgeShapeThePreflight() {
    PolicyHarness harness =
        cors(
            """
            {origin: true, methods: [GET, PUT], allowedHeaders: [x-token, content-type],
             exposedHeaders: [x-request-id, x-total], credentials: true, maxAge: 600}
            """);

    Response preflight = answered(harness, preflight(SITE));
    MultiMap response = actual(harness, get(SITE), Response.of(200));

    assertThat(preflight.headers().get("Access-Control-Allow-Methods")).isEqualTo("GET,PUT");
    assertThat(preflight.headers().get("Access-Control-Allow-Headers"))
        .isEqualTo("x-token,content-type");
    assertThat(preflight.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(preflight.headers().get("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(preflight.headers().get("Vary")).as("headers are fixed").isEqualTo("Origin");
    assertThat(response.get("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(response.get("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.get("Access-Control-Expose-Headers")).isEqualTo("x-request-id,x-total");
  }

  @Test
  void methodsAndHeadersMayBeWrittenAsOneString() {
    PolicyHarness harness = cors("{methods: 'GET,POST', headers: 'x-a,x-b'}");

    Response preflight = answered(harness, preflight(SITE));

    assertThat(preflight.headers().get("Access-Control-Allow-Methods")).isEqualTo("GET,POST");
    assertThat(preflight.headers().get("Access-Control-Allow-Headers")).isEqualTo("x-a,x-b");
  }

  @Test
  void optionsSuccessStatusIsThePreflightsStatus() {
    Response preflight = answered(cors("{optionsSuccessStatus: 200}"), preflight(SITE));

    assertThat(preflight.status()).isEqualTo(200);
    assertThat(preflight.headers().get("Content-Length")).isEqualTo("0");
  }

  @Test
  void preflightContinueLetsThePreflightGoOnAndPutsTheHeadersOnItsResponse() {
    PolicyHarness harness = cors("{origin: true, preflightContinue: true}");

    PolicyHarness.TestRun run = harness.run(preflight(SITE));

    assertThat(run.outcome().proceeds()).isTrue();
    MultiMap headers = run.respond(Response.of(200)).headers();
    assertThat(headers.get("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(headers.get("Access-Control-Allow-Methods")).isNotNull();
  }

  @Test
  void deniedResponsesOfLaterPoliciesCarryTheCorsHeadersSoThePageCanReadThem() {
    PolicyHarness harness = cors("{origin: true, credentials: true}");
    for (int status : new int[] {401, 403, 429}) {
      Response denial = Response.problem(Problem.of(status, "auth.missing", "Denied"));

      MultiMap headers = actual(harness, get(SITE), denial);

      assertThat(headers.get("Access-Control-Allow-Origin")).as("%d", status).isEqualTo(SITE);
      assertThat(headers.get("Access-Control-Allow-Credentials")).isEqualTo("true");
    }
  }

  @Test
  void theUpstreamsVaryIsKeptAndNotRepeated() {
    PolicyHarness harness = cors("{origin: true}");

    assertThat(
            actual(harness, get(SITE), Response.of(200).header("Vary", "Accept-Encoding"))
                .get("Vary"))
        .isEqualTo("Accept-Encoding, Origin");
    assertThat(
            actual(harness, get(SITE), Response.of(200).header("Vary", "origin, Accept"))
                .get("Vary"))
        .isEqualTo("origin, Accept");
    assertThat(actual(harness, get(SITE), Response.of(200).header("Vary", "*")).get("Vary"))
        .isEqualTo("*");
  }

  @Test
  void aDisallowedOriginNeverGetsAnAllowOriginEvenFromTheUpstream() {
    PolicyHarness harness = cors("{origin: ['https://one.example']}");

    MultiMap headers =
        actual(
            harness,
            get("https://evil.example"),
            Response.of(200).header("Access-Control-Allow-Origin", "*"));

    assertThat(headers.get("Access-Control-Allow-Origin")).isNull();
  }
}
