package dev.gatehouse.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.SharedGateway;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the gateway answers besides the happy path: unmatched routes, path tricks, malformed and
 * oversized requests, failing policies, and the order response hooks run in.
 */
@ExtendWith(BlockedThreadGuard.class)
class RequestHandlingTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        public: {host: gw.test, paths: ['/public', '/public/*']}
        admin: {host: gw.test, paths: ['/admin', '/admin/*']}
        files: {host: gw.test, paths: '/files/:name'}
        throws: {host: gw.test, paths: /throws}
        fails: {host: gw.test, paths: /fails}
        elsewhere: {host: gw.test, paths: /elsewhere}
        hooks: {host: gw.test, paths: /hooks}
        limited: {host: gw.test, paths: /limited}
        fixed: {host: gw.test, paths: /fixed}
      policies: [test-echo, test-mark, test-fail, terminate]
      pipelines:
        public: {apiEndpoints: [public], policies: [{test-echo: }]}
        admin: {apiEndpoints: [admin], policies: [{test-mark: {action: {mark: admin}}}, {test-echo: }]}
        files: {apiEndpoints: [files], policies: [{test-echo: }]}
        throws: {apiEndpoints: [throws], policies: [{test-fail: {action: {mode: throw}}}]}
        fails: {apiEndpoints: [fails], policies: [{test-fail: {action: {mode: fail}}}]}
        elsewhere:
          apiEndpoints: [elsewhere]
          policies: [{test-fail: {action: {mode: elsewhere}}}, {test-echo: }]
        limited:
          apiEndpoints: [limited]
          policies: [{terminate: {action: {statusCode: 429, message: Slow down}}}]
        fixed:
          apiEndpoints: [fixed]
          policies: [{terminate: {action: {statusCode: 200, message: fixed answer}}}]
        hooks:
          apiEndpoints: [hooks]
          policies:
            - test-mark: [{action: {mark: first}}, {action: {mark: second}}]
            - test-mark: {action: {mark: third}}
            - test-echo:
      """;

  @RegisterExtension static final SharedGateway gateway = new SharedGateway(CONFIG);

  private static Reply get(String uri) {
    return gateway.get("gw.test", uri);
  }

  @Test
  void aRequestNoEndpointMatchesIs404ProblemJson() {
    Reply reply = get("/nothing/here");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("route.not_found");
    assertThat(reply.json().getInteger("status")).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0} routes as {1}")
  @CsvSource({
    // dot segments are removed before routing, encoded or not
    "/public/../admin/x, admin",
    "/public/%2e%2e/admin/x, admin",
    "/public/%2E%2E/admin, admin",
    "//admin///x, admin",
    "/public/./x, public",
    // %2F never becomes a separator: it stays inside its segment
    "/public%2F..%2Fadmin, none",
    "/public/a%2F..%2F..%2Fadmin, public",
    // encoded unreserved characters are decoded
    "/%61dmin, admin",
  })
  void pathsAreNormalisedBeforeRouting(String uri, String endpoint) {
    Reply reply = get(uri);

    String routed = reply.status() == 404 ? "none" : reply.json().getString("endpoint");
    assertThat(routed).isEqualTo(endpoint);
  }

  @Test
  void anEncodedSlashStaysInsideItsPathParameter() {
    Reply reply = get("/files/a%2Fb");

    assertThat(reply.json().getJsonObject("params").getString("name")).isEqualTo("a/b");
    assertThat(reply.json().getString("path")).isEqualTo("/files/a%2Fb");
  }

  @Test
  void aMalformedPercentEncodingIs400() {
    Reply reply = get("/public/%zz");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("code")).isEqualTo("request.bad_path");
  }

  @Test
  void aMalformedRequestLineIs400() throws IOException {
    String answer = raw("GET /public HTTP/1.1 extra\r\nHost: gw.test\r\n\r\n");

    assertThat(answer).matches("(?s)HTTP/1\\.[01] 400 .*").contains("application/problem+json");
    assertThat(answer).contains("\"code\":\"request.malformed\"");
  }

  @Test
  void aMalformedHeaderIs400() throws IOException {
    assertThat(raw("GET /public HTTP/1.1\r\nHost: gw.test\r\nno colon here\r\n\r\n"))
        .matches("(?s)HTTP/1\\.[01] 400 .*");
  }

  @Test
  void anOversizedRequestLineIs414() throws IOException {
    String uri = "/public/" + "a".repeat(ListenerOptions.MAX_REQUEST_LINE);

    String answer = raw("GET " + uri + " HTTP/1.1\r\nHost: gw.test\r\n\r\n");

    assertThat(answer).matches("(?s)HTTP/1\\.[01] 414 .*").contains("request.uri_too_long");
  }

  @Test
  void oversizedHeadersAre431() throws IOException {
    String big = "x-big: " + "b".repeat(ListenerOptions.MAX_HEADER_BYTES) + "\r\n";

    assertThat(raw("GET /public HTTP/1.1\r\nHost: gw.test\r\n" + big + "\r\n"))
        .matches("(?s)HTTP/1\\.[01] 431 .*")
        .contains("request.headers_too_large");
  }

  @Test
  void aPolicyThatThrowsIsAGeneric500WithoutItsDetail() {
    Reply reply = get("/throws");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().getString("code")).isEqualTo("internal.error");
    assertThat(reply.text()).doesNotContain("secret-detail-42");
  }

  @Test
  void aPolicyWhoseFutureFailsIsAGeneric500WithoutItsDetail() {
    Reply reply = get("/fails");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.text()).doesNotContain("secret-detail-42");
  }

  @Test
  void aPolicyCompletingOnAForeignThreadStillContinuesOnItsEventLoop() {
    Reply reply = get("/elsewhere");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("endpoint")).isEqualTo("elsewhere");
  }

  @Test
  void responseHooksRunInReverseOrderOfTheSteps() {
    Reply reply = get("/hooks");

    assertThat(reply.headers().getAll("x-marks")).containsExactly("third", "second", "first");
  }

  @Test
  void terminateAnswersAnErrorStatusAsAProblemWithItsMessageAsDetail() {
    Reply reply = get("/limited");

    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("terminated");
    assertThat(reply.json().getString("title")).isEqualTo("Too Many Requests");
    assertThat(reply.json().getString("detail")).isEqualTo("Slow down");
  }

  @Test
  void terminateAnswersOtherStatusesWithItsMessageAsText() {
    Reply reply = get("/fixed");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("content-type")).startsWith("text/plain");
    assertThat(reply.text()).isEqualTo("fixed answer");
  }

  @Test
  void theGatewayKeepsServingAfterFailures() {
    get("/throws");
    get("/public/%zz");

    assertThat(get("/public/ok").status()).isEqualTo(200);
  }

  @Test
  void headRequestsAnswerWithoutABody() {
    Reply reply = gateway.send(HttpMethod.HEAD, "gw.test", "/public");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().length()).isZero();
  }

  /** Sends raw bytes and returns the status line and headers the gateway answers with. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
