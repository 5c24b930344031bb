package dev.gatehouse.core.policy;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.LogCapture;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * request-transformer and response-transformer against a real upstream: compat sections 3.12, 3.13
 * and section 7 item 35 (JSON and urlencoded bodies, headers added and removed, the upstream and
 * the client see a body with a matching Content-Length), plus the body limits.
 */
@ExtendWith(BlockedThreadGuard.class)
class TransformersOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        request: {paths: '/request*'}
        response: {paths: '/response*'}
        form: {paths: '/form*'}
        limited: {paths: '/limited/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
        forms: {url: '${FORMS}'}
      policies: [request-transformer, response-transformer, proxy]
      pipelines:
        request:
          apiEndpoints: [request]
          policies:
            - request-transformer:
                action:
                  headers:
                    add: {x-added: "'yes'", x-method: req.method}
                    remove: [X-Remove-Me]
                  body:
                    add: {hello: "'world'", count: 1 + 1, who: "req.headers[?'x-who'].orValue('nobody')"}
                    remove: [secret]
            - proxy: {action: {serviceEndpoint: backend}}
        response:
          apiEndpoints: [response]
          policies:
            - response-transformer:
                action:
                  headers:
                    add: {res: "'added'", x-request-method: req.method}
                    remove: [X-Backend]
                  body:
                    add: {hello: "'world'"}
                    remove: [uri]
            - proxy: {action: {serviceEndpoint: backend}}
        form:
          apiEndpoints: [form]
          policies:
            - response-transformer:
                action:
                  body: {add: {hello: "'wide world'"}, remove: [url]}
            - proxy: {action: {serviceEndpoint: forms}}
        limited:
          apiEndpoints: [limited]
          policies:
            - request-transformer:
                action: {body: {add: {a: "1"}}, maxBodyBytes: 64}
            - response-transformer:
                action: {body: {add: {b: "2"}}, maxBodyBytes: 64}
            - proxy: {action: {serviceEndpoint: backend, stripPath: true}}
      """;

  private static Vertx vertx;
  private static Http http;
  private static TestBackend backend;
  private static HttpServer forms;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    forms =
        join(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .response()
                            .putHeader("content-type", "application/x-www-form-urlencoded")
                            .end("url=%2Fx&name=a+b"))
                .listen(0, "127.0.0.1"));
    gateway =
        GatewayFixture.config(Files.createTempDirectory("gatehouse-transformers"))
            .env("BACKEND", backend.url())
            .env("FORMS", "http://127.0.0.1:" + forms.actualPort())
            .gateway(CONFIG)
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    join(forms.close());
    backend.close();
    http.close();
    join(vertx.close());
  }

  private static Reply post(String uri, String contentType, String body, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    if (contentType != null) {
      map.set("content-type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return join(
        http.send(
            HttpMethod.POST, gateway.port(), uri, map, body == null ? null : Buffer.buffer(body)));
  }

  /** What the upstream received, checking its Content-Length against the body it read. */
  private static JsonObject upstream(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject echo = reply.json();
    String body = echo.getString("body");
    assertThat(echo.getJsonObject("headers").getString("content-length"))
        .isEqualTo(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
    return echo;
  }

  @Test
  void aJsonRequestBodyGetsFieldsAddedAndRemoved() {
    JsonObject echo =
        upstream(
            post("/request", "application/json", "{\"secret\":\"s3\",\"keep\":1}", "x-who", "me"));

    assertThat(new JsonObject(echo.getString("body")))
        .isEqualTo(
            new JsonObject().put("keep", 1).put("hello", "world").put("count", 2).put("who", "me"));
    assertThat(echo.getJsonObject("headers").getString("content-type"))
        .isEqualTo("application/json");
  }

  @Test
  void requestHeadersAreAddedAndRemovedWhateverTheirCase() {
    JsonObject headers =
        upstream(post("/request", "text/plain", "untouched", "x-remove-me", "gone"))
            .getJsonObject("headers");

    assertThat(headers.getString("x-added")).isEqualTo("yes");
    assertThat(headers.getString("x-method")).isEqualTo("POST");
    assertThat(headers.containsKey("x-remove-me")).isFalse();
  }

  @Test
  void aUrlencodedRequestBodyIsChangedAndStaysUrlencoded() {
    JsonObject echo =
        upstream(
            post("/request", "application/x-www-form-urlencoded", "secret=s3&keep=a+b&keep=c"));

    assertThat(echo.getString("body"))
        .isEqualTo("keep=a%20b&keep=c&hello=world&count=2&who=nobody");
    assertThat(echo.getJsonObject("headers").getString("content-type"))
        .isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void otherBodiesStreamUpstreamUntouched() {
    JsonObject echo = upstream(post("/request", "text/plain", "{\"secret\":1}"));

    assertThat(echo.getString("body")).isEqualTo("{\"secret\":1}");
  }

  @Test
  void aRequestWithoutBodyGetsAJsonBodyOfTheAddedFieldsAsInExpressGateway() {
    JsonObject echo = upstream(post("/request", null, null));

    assertThat(new JsonObject(echo.getString("body")))
        .isEqualTo(new JsonObject().put("hello", "world").put("count", 2).put("who", "nobody"));
    assertThat(echo.getJsonObject("headers").getString("content-type"))
        .isEqualTo("application/json");
  }

  @Test
  void aBodyThatIsNotTheJsonItClaimsIsAnswered400() {
    Reply reply = post("/request", "application/json", "{not json");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("request.invalid_body");
  }

  @Test
  void aRequestBodyOverTheLimitIsAnswered413() {
    Reply reply = post("/limited/x", "application/json", "{\"pad\":\"" + "x".repeat(100) + "\"}");

    assertThat(reply.status()).isEqualTo(413);
  }

  @Test
  void theClientSeesTheTransformedJsonResponseWithAMatchingLength() {
    Reply reply = join(http.get(gateway.port(), "/response/a"));

    assertThat(reply.status()).isEqualTo(200);
    JsonObject body = reply.json();
    assertThat(body.getString("hello")).isEqualTo("world");
    assertThat(body.containsKey("uri")).isFalse();
    assertThat(body.getString("path")).isEqualTo("/response/a");
    assertThat(reply.header("content-length")).isEqualTo(String.valueOf(reply.body().length()));
    assertThat(reply.header("res")).isEqualTo("added");
    assertThat(reply.header("x-request-method")).isEqualTo("GET");
    assertThat(reply.header("x-backend")).isNull();
  }

  @Test
  void aUrlencodedResponseIsChangedAndStaysUrlencoded() {
    Reply reply = join(http.get(gateway.port(), "/form"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("name=a%20b&hello=wide%20world");
    assertThat(reply.header("content-length")).isEqualTo(String.valueOf(reply.body().length()));
  }

  @Test
  void aResponseOverTheLimitPassesUntouchedWithAWarning() throws Exception {
    try (LogCapture log = LogCapture.of("gatehouse.policy.response-transformer", Level.WARN)) {
      Reply reply = join(http.get(gateway.port(), "/limited/with/a/long/enough/path"));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().containsKey("b")).isFalse();
      assertThat(reply.json().getString("uri")).isEqualTo("/with/a/long/enough/path");
      log.await(e -> e.getFormattedMessage().startsWith("response_body_too_large"));
    }
  }

  @Test
  void aChunkedResponseOverTheLimitReachesTheClientWhole() {
    Reply reply = join(http.get(gateway.port(), "/limited/stream/200"));

    assertThat(reply.status()).isEqualTo(200);
    String text = reply.text();
    assertThat(text.lines()).hasSize(200);
    assertThat(text).startsWith("chunk-0\n").endsWith("chunk-199\n");
  }

  @Test
  void aSmallChunkedBodyThatIsNotJsonPassesUnchanged() {
    Reply reply = join(http.get(gateway.port(), "/limited/stream/2"));

    assertThat(reply.text()).isEqualTo("chunk-0\nchunk-1\n");
  }
}
