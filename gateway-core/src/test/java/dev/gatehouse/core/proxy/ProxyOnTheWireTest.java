package dev.gatehouse.core.proxy;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy policy against real backends: compat section 3.1 and section 7 items 12, 36, 37. */
@ExtendWith(BlockedThreadGuard.class)
class ProxyOnTheWireTest {

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backendA;
  private TestBackend backendB;
  private GatewayFixture gateway;
  private TestBackend secure;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backendA = TestBackend.start(vertx, "A");
    backendB = TestBackend.start(vertx, "B");
  }

  @AfterEach
  void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
    if (secure != null) {
      secure.close();
    }
    backendA.close();
    backendB.close();
    http.close();
    join(vertx.close());
  }

  /** Starts a gateway with one endpoint {@code paths} proxied with {@code action} to A. */
  private void proxy(String paths, String action, String serviceEndpoint) throws StartupException {
    gateway =
        GatewayFixture.config(dir)
            .env("A", backendA.url())
            .env("B", backendB.url())
            .gateway(
                """
                http: {port: 0}
                apiEndpoints:
                  api: {paths: %s}
                serviceEndpoints:
                  %s
                policies: [proxy]
                pipelines:
                  api:
                    apiEndpoints: [api]
                    policies:
                      - proxy:
                          - action: %s
                """
                    .formatted(paths, serviceEndpoint, action))
            .start();
  }

  private void proxy(String paths, String action) throws StartupException {
    proxy(paths, action, "backend: {url: '${A}/base'}");
  }

  /** The answer to {@code GET uri}, checked to be a problem with this status and code. */
  private Reply problem(String uri, int status, String code) {
    Reply reply = join(http.get(gateway.port(), uri));
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.json().getString("code")).isEqualTo(code);
    return reply;
  }

  private JsonObject upstreamOf(String uri) {
    Reply reply = join(http.get(gateway.port(), uri));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void forwardsTheRequestAndStreamsTheAnswerBack() throws Exception {
    proxy("'/api/*'", "{serviceEndpoint: backend}");

    Reply reply = join(http.get(gateway.port(), "/api/orders?page=2"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("x-backend")).isEqualTo("A");
    assertThat(reply.json().getString("uri")).isEqualTo("/base/api/orders?page=2");
  }

  @Test
  void everyUpstreamRequestCarriesTheRequestId() throws Exception {
    proxy("'/api/*'", "{serviceEndpoint: backend}");

    JsonObject first = upstreamOf("/api/a").getJsonObject("headers");
    JsonObject second = upstreamOf("/api/a").getJsonObject("headers");

    assertThat(first.getString("eg-request-id")).matches("[0-9A-Za-z]{22}");
    assertThat(second.getString("eg-request-id")).isNotEqualTo(first.getString("eg-request-id"));
  }

  @Test
  void changeOriginIsOnByDefaultAndCanBeTurnedOff() throws Exception {
    proxy("'/api/*'", "{serviceEndpoint: backend}");
    assertThat(upstreamOf("/api/a").getJsonObject("headers").getString("host"))
        .isEqualTo("127.0.0.1:" + backendA.port());
    gateway.close();

    proxy("'/api/*'", "{serviceEndpoint: backend, changeOrigin: false}");
    assertThat(upstreamOf("/api/a").getJsonObject("headers").getString("host"))
        .isEqualTo("127.0.0.1:" + gateway.port());
  }

  @ParameterizedTest(name = "{0} {1} + {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // EG's stripPath: up to the first ':' or '*' of the matched pattern; query kept.
        "'/strip/*'               | {stripPath: true}  | /strip/a/b?q=1               | /base/a/b?q=1",
        "'/hello/v1/api/endpoint' | {stripPath: true}  | /hello/v1/api/endpoint?a=2   | /base/?a=2",
        "'/x/*/then/*'            | {stripPath: true}  | /x/1/then/2                  | /base/1/then/2",
        "'/hello/api/endpoint*'   | {stripPath: true}  | /hello/api/endpoint/a        | /base/a",
        "'/hello/api/endpoint/*'  | {stripPath: true}  | /hello/api/endpoint/a        | /base/a",
        "'/users/:id'             | {stripPath: true}  | /users/42                    | /base/42",
        "'/strip/*'               | {stripPath: true}  | /strip/a%20b                 | /base/a%20b",
        // the documentation's path table (target path /base stands for /anything)
        "'/public/api/billing*'   | {prependPath: false}                  | /public/api/billing/byName?name=Clark | /public/api/billing/byName?name=Clark",
        "'/public/api/billing*'   | {}                                    | /public/api/billing/byName?name=Clark | /base/public/api/billing/byName?name=Clark",
        "'/public/api/billing*'   | {ignorePath: true}                    | /public/api/billing/byName?name=Clark | /base",
        "'/public/api/billing*'   | {prependPath: false, ignorePath: true} | /public/api/billing/byName?name=Clark | /",
        "'/public/api/billing*'   | {stripPath: true}                     | /public/api/billing/byName?name=Clark | /base/byName?name=Clark",
      })
  void computesTheUpstreamPathAsExpressGatewayDoes(
      String pattern, String options, String request, String upstream) throws Exception {
    JsonObject action =
        new JsonObject(options.replaceAll("(\\w+):", "\"$1\":")).put("serviceEndpoint", "backend");
    proxy(pattern, action.encode());

    assertThat(upstreamOf(request).getString("uri")).isEqualTo(upstream);
  }

  @Test
  void headersXfwdAndAuthReachTheUpstream() throws Exception {
    proxy(
        "'/api/*'",
        "{serviceEndpoint: backend, xfwd: true, auth: 'svc:s3cret',"
            + " headers: {x-tenant: acme, x-version: 2}}");

    JsonObject headers = upstreamOf("/api/a").getJsonObject("headers");

    assertThat(headers.getString("x-tenant")).isEqualTo("acme");
    assertThat(headers.getString("x-version")).isEqualTo("2");
    assertThat(headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(headers.getString("x-forwarded-proto")).isEqualTo("http");
    assertThat(headers.getString("x-forwarded-port")).isEqualTo(String.valueOf(gateway.port()));
    assertThat(headers.getString("authorization")).isEqualTo("Basic c3ZjOnMzY3JldA==");
  }

  @Test
  void xfwdIsOffByDefault() throws Exception {
    proxy("'/api/*'", "{serviceEndpoint: backend}");

    assertThat(upstreamOf("/api/a").getJsonObject("headers").containsKey("x-forwarded-for"))
        .isFalse();
  }

  @Test
  void serviceEndpointProxyOptionsOverrideTheActionAndDeprecatedProxyOptionsOverrideBoth()
      throws Exception {
    proxy(
        "'/api/*'",
        "{serviceEndpoint: backend, stripPath: false, headers: {x-from: action},"
            + " proxyOptions: {headers: {x-from: deprecated}}}",
        "backend: {url: '${A}/base', proxyOptions: {stripPath: true, headers: {x-from: endpoint}}}");

    JsonObject upstream = upstreamOf("/api/a");

    assertThat(upstream.getString("uri")).isEqualTo("/base/a");
    assertThat(upstream.getJsonObject("headers").getString("x-from")).isEqualTo("deprecated");
  }

  @Test
  void roundRobinAlternatesBetweenUrls() throws Exception {
    proxy("'/api/*'", "{serviceEndpoint: pair}", "pair: {urls: ['${A}', '${B}']}");

    String first = upstreamOf("/api/1").getString("backend");
    String second = upstreamOf("/api/2").getString("backend");
    String third = upstreamOf("/api/3").getString("backend");

    assertThat(second).isNotEqualTo(first);
    assertThat(third).isEqualTo(first);
  }

  @Test
  void twoProxyStepsGatedByPathExactSendEachPathToItsOwnBackend() throws Exception {
    gateway =
        GatewayFixture.config(dir)
            .env("A", backendA.url())
            .env("B", backendB.url())
            .gateway(
                """
                http: {port: 0}
                apiEndpoints:
                  api: {paths: ['/admin', '/staff']}
                serviceEndpoints:
                  admins: {url: '${A}'}
                  staff: {url: '${B}'}
                policies: [proxy]
                pipelines:
                  api:
                    apiEndpoints: [api]
                    policies:
                      - proxy:
                          - condition: {name: pathExact, path: /admin}
                            action: {serviceEndpoint: admins}
                          - condition: {name: pathExact, path: /staff}
                            action: {serviceEndpoint: staff}
                """)
            .start();

    assertThat(upstreamOf("/admin").getString("backend")).isEqualTo("A");
    assertThat(upstreamOf("/staff").getString("backend")).isEqualTo("B");
  }

  @Test
  void upstreamStatusesPassThroughUnchanged() throws Exception {
    proxy("'/*'", "{serviceEndpoint: backend, prependPath: false}");

    assertThat(join(http.get(gateway.port(), "/status/404")).status()).isEqualTo(404);
    assertThat(join(http.get(gateway.port(), "/status/503")).status()).isEqualTo(503);
  }

  @Test
  void anUpstreamThatDoesNotAnswerInTimeIs504() throws Exception {
    proxy("'/*'", "{serviceEndpoint: backend, prependPath: false, proxyTimeout: 300}");

    Reply reply = problem("/hang", 504, "upstream.timeout");

    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
  }

  @Test
  void anUpstreamThatRefusesConnectionsIs502() throws Exception {
    int closedPort = backendB.port();
    backendB.close();
    proxy("'/*'", "{serviceEndpoint: gone}", "gone: {url: 'http://127.0.0.1:" + closedPort + "'}");

    problem("/a", 502, "upstream.unavailable");
    backendB = TestBackend.start(vertx, "B");
  }

  @Test
  void aProxyStepWithoutServiceEndpointAnswers502() throws Exception {
    proxy("'/*'", "{}");

    problem("/a", 502, "upstream.not_configured");
  }

  @Test
  void anUnknownServiceEndpointStopsTheStartWithItsLine() {
    assertThatThrownBy(() -> proxy("'/*'", "{serviceEndpoint: nowhere}"))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("gateway.config.yml:12:")
        .hasMessageContaining("pipelines.api.policies[0].proxy[0].action.serviceEndpoint")
        .hasMessageContaining("no service endpoint named 'nowhere'");
  }

  @Test
  void requestAndResponseBodiesStreamThroughWhole() throws Exception {
    proxy("'/*'", "{serviceEndpoint: backend, prependPath: false}");
    Buffer big = Buffer.buffer("x".repeat(3 * 1024 * 1024));

    Reply echo =
        join(
            http.send(
                HttpMethod.POST,
                gateway.port(),
                "/upload",
                MultiMap.caseInsensitiveMultiMap(),
                big));
    Reply streamed = join(http.get(gateway.port(), "/stream/500"));

    assertThat(echo.json().getString("body")).hasSize(big.length());
    assertThat(streamed.text().lines()).hasSize(500).startsWith("chunk-0").endsWith("chunk-499");
  }

  @Test
  void hopByHopHeadersStayOnTheirHop() throws Exception {
    proxy("'/*'", "{serviceEndpoint: backend, prependPath: false}");
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("connection", "keep-alive, x-hop")
            .add("x-hop", "secret-to-this-hop")
            .add("x-end", "kept");

    Reply reply = join(http.send(HttpMethod.GET, gateway.port(), "/a", headers, null));
    JsonObject upstream = reply.json().getJsonObject("headers");

    assertThat(upstream.containsKey("x-hop")).isFalse();
    assertThat(upstream.getString("x-end")).isEqualTo("kept");
    assertThat(upstream.getString("connection")).isNotEqualTo("keep-alive, x-hop");
  }

  @Test
  void mutualTlsToAnHttpsBackendUsesTheConfiguredClientCertificate() throws Exception {
    proxyToMutualTlsBackend("client");

    assertThat(upstreamOf("/mtls").getString("backend")).isEqualTo("secure");
  }

  @Test
  void aClientCertificateTheBackendRejectsIs502() throws Exception {
    proxyToMutualTlsBackend("rogue");

    assertThat(join(http.get(gateway.port(), "/mtls")).status()).isEqualTo(502);
  }

  @Test
  void aMissingTlsFileStopsTheStartWithItsPath() throws Exception {
    assertThatThrownBy(
            () ->
                proxy(
                    "'/*'",
                    "{serviceEndpoint: backend, target: {keyFile: tls/none.key, certFile: x.crt}}"))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("action.target.keyFile")
        .hasMessageContaining("none.key");
  }

  /**
   * Starts a gateway proxying to an HTTPS backend that requires a client certificate, and presents
   * {@code tls/<client>.crt}.
   */
  private void proxyToMutualTlsBackend(String client) throws Exception {
    secure = tlsBackend();
    copyTls();
    proxy(
        "'/*'",
        ("{serviceEndpoint: secure, prependPath: false,"
                + " target: {keyFile: tls/%s.key, certFile: tls/%s.crt, caFile: tls/ca.crt}}")
            .formatted(client, client),
        "secure: {url: 'https://localhost:" + secure.port() + "'}");
  }

  private TestBackend tlsBackend() throws URISyntaxException {
    return TestBackend.start(
        vertx,
        "secure",
        new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setKeyPath(resource("tls/server.key"))
                    .setCertPath(resource("tls/server.crt")))
            .setTrustOptions(new PemTrustOptions().addCertPath(resource("tls/ca.crt")))
            .setClientAuth(ClientAuth.REQUIRED));
  }

  private void copyTls() throws IOException, URISyntaxException {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    for (String file :
        new String[] {"ca.crt", "client.crt", "client.key", "rogue.crt", "rogue.key"}) {
      Files.copy(Path.of(resource("tls/" + file)), tls.resolve(file));
    }
  }

  private static String resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(ProxyOnTheWireTest.class.getResource("/" + name)).toURI())
        .toString();
  }
}
