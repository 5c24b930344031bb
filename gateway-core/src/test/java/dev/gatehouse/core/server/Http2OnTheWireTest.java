package dev.gatehouse.core.server;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Requests;
import dev.gatehouse.core.testing.Requests.Answer;
import dev.gatehouse.core.testing.TestBackend;
import dev.gatehouse.core.testing.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 from clients (h2 over TLS through ALPN, h2c by prior knowledge and by upgrade) proxied to
 * an HTTP/1.1 upstream: the upstream gets a proper HTTP/1.1 request (Host, framing, no pseudo
 * headers) and the client the upstream's answer.
 */
@ExtendWith(BlockedThreadGuard.class)
class Http2OnTheWireTest {

  private static Vertx vertx;
  private static TestBackend backend;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    backend = TestBackend.start(vertx, "h1");
    Path dir = Files.createTempDirectory("gatehouse-h2");
    TlsFiles.copyInto(dir);
    gateway =
        GatewayFixture.config(dir)
            .env("BACKEND", backend.url())
            .gateway(
                """
                http: {port: 0}
                https:
                  port: 0
                  tls:
                    default: {key: tls/server.key, cert: tls/server.crt}
                apiEndpoints:
                  api: {paths: '/api/*'}
                  keep: {paths: '/keep/*'}
                serviceEndpoints:
                  backend: {url: '${BACKEND}'}
                policies: [proxy]
                pipelines:
                  api:
                    apiEndpoints: [api]
                    policies: [{proxy: {action: {serviceEndpoint: backend}}}]
                  keep:
                    apiEndpoints: [keep]
                    policies: [{proxy: {action: {serviceEndpoint: backend, changeOrigin: false}}}]
                """)
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    join(vertx.close());
  }

  private static HttpClientOptions h2c() {
    return new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false);
  }

  private static HttpClientOptions h2OverTls() {
    return new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setSsl(true)
        .setUseAlpn(true)
        .setTrustOptions(TlsFiles.ca())
        .setVerifyHost(true);
  }

  private static RequestOptions request(HttpMethod method, int port, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  /** What the upstream received, asserting the client got a 200 over HTTP/2. */
  private static JsonObject upstreamOf(Answer answer) {
    assertThat(answer.reply().status()).as(answer.reply().toString()).isEqualTo(200);
    assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.reply().header("x-backend")).isEqualTo("h1");
    return answer.reply().json();
  }

  @Test
  void h2cWithPriorKnowledgeReachesTheUpstreamAsHttp11() {
    JsonObject upstream =
        upstreamOf(
            Requests.send(
                vertx, h2c(), request(HttpMethod.GET, gateway.port(), "/api/a?x=1"), null));

    JsonObject headers = upstream.getJsonObject("headers");
    assertThat(upstream.getString("uri")).isEqualTo("/api/a?x=1");
    assertThat(headers.getString("host")).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(headers.fieldNames()).noneMatch(name -> name.startsWith(":"));
    assertThat(headers.containsKey("content-length")).isFalse();
    assertThat(headers.containsKey("transfer-encoding")).isFalse();
  }

  @Test
  void h2cByUpgradeFromHttp11IsServed() {
    HttpClientOptions upgrading =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(true);

    upstreamOf(
        Requests.send(vertx, upgrading, request(HttpMethod.GET, gateway.port(), "/api/up"), null));
  }

  @Test
  void h2OverTlsIsNegotiatedThroughAlpn() {
    int https = gateway.gatehouse().httpsPort();

    JsonObject upstream =
        upstreamOf(
            Requests.send(vertx, h2OverTls(), request(HttpMethod.GET, https, "/api/s"), null));
    Answer http11 =
        Requests.send(
            vertx,
            h2OverTls().setProtocolVersion(HttpVersion.HTTP_1_1),
            request(HttpMethod.GET, https, "/api/s"),
            null);

    assertThat(upstream.getString("uri")).isEqualTo("/api/s");
    assertThat(http11.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(http11.reply().status()).isEqualTo(200);
  }

  @Test
  void anHttp2BodyWithALengthKeepsIt() {
    JsonObject upstream =
        upstreamOf(
            Requests.send(
                vertx,
                h2OverTls(),
                request(HttpMethod.POST, gateway.gatehouse().httpsPort(), "/api/len"),
                Buffer.buffer("{\"a\":1}")));

    assertThat(upstream.getString("body")).isEqualTo("{\"a\":1}");
    assertThat(upstream.getJsonObject("headers").getString("content-length")).isEqualTo("7");
  }

  @Test
  void anHttp2BodyWithoutALengthReachesTheUpstreamChunked() {
    String large = "x".repeat(200_000);

    JsonObject upstream =
        upstreamOf(
            Requests.stream(
                vertx,
                h2c(),
                request(HttpMethod.POST, gateway.port(), "/api/stream"),
                List.of("hello ", "world ", large)));

    assertThat(upstream.getString("body")).isEqualTo("hello world " + large);
    assertThat(upstream.getJsonObject("headers").getString("transfer-encoding"))
        .isEqualTo("chunked");
  }

  @Test
  void withChangeOriginOffTheUpstreamGetsTheAuthorityTheHttp2ClientAddressed() {
    JsonObject upstream =
        upstreamOf(
            Requests.send(vertx, h2c(), request(HttpMethod.GET, gateway.port(), "/keep/a"), null));

    assertThat(upstream.getJsonObject("headers").getString("host"))
        .isEqualTo("127.0.0.1:" + gateway.port());
  }
}
