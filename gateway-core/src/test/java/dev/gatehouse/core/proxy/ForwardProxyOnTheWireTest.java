package dev.gatehouse.core.proxy;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Compat item 38: {@code http_proxy} sends upstream traffic through an intermediate proxy. */
@ExtendWith(BlockedThreadGuard.class)
class ForwardProxyOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [proxy]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - proxy:
                - action: {serviceEndpoint: backend%s}
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;
  private HttpServer forwardProxy;
  private final List<String> forwarded = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
    HttpClient onward = vertx.createHttpClient();
    forwardProxy =
        join(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      forwarded.add(request.uri());
                      onward
                          .request(new RequestOptions().setAbsoluteURI(request.uri()))
                          .compose(r -> r.send())
                          .compose(
                              r ->
                                  r.body()
                                      .map(
                                          body ->
                                              request
                                                  .response()
                                                  .putHeader("x-via", "forward-proxy")
                                                  .setStatusCode(r.statusCode())
                                                  .end(body)));
                    })
                .listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() {
    backend.close();
    join(forwardProxy.close());
    http.close();
    join(vertx.close());
  }

  private GatewayFixture.Builder gateway(String extraAction) {
    return GatewayFixture.config(dir)
        .env("BACKEND", backend.url())
        .gateway(CONFIG.formatted(extraAction));
  }

  private String proxyUrl() {
    return "http://127.0.0.1:" + forwardProxy.actualPort();
  }

  @Test
  void theHttpProxyVariableSendsUpstreamTrafficThroughTheProxy() throws Exception {
    try (GatewayFixture gateway = gateway("").env("http_proxy", proxyUrl()).start()) {
      Reply reply = join(http.get(gateway.port(), "/orders?x=1"));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("x-via")).isEqualTo("forward-proxy");
      assertThat(forwarded).containsExactly(backend.url() + "/orders?x=1");
    }
  }

  @Test
  void theStepsProxyUrlWorksWhenNoVariableIsSet() throws Exception {
    try (GatewayFixture gateway = gateway(", proxyUrl: '" + proxyUrl() + "'").start()) {
      assertThat(join(http.get(gateway.port(), "/a")).header("x-via")).isEqualTo("forward-proxy");
    }
  }

  @Test
  void noProxyHostsAreReachedDirectly() throws Exception {
    try (GatewayFixture gateway =
        gateway("").env("http_proxy", proxyUrl()).env("no_proxy", "localhost,127.0.0.1").start()) {
      Reply reply = join(http.get(gateway.port(), "/a"));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("x-via")).isNull();
      assertThat(forwarded).isEmpty();
    }
  }

  @Test
  void anInvalidProxyUrlStopsTheStartWithItsPath() {
    assertThatThrownBy(() -> gateway(", proxyUrl: 'ftp://nope'").start())
        .hasMessageContaining("action.proxyUrl")
        .hasMessageContaining("expected http://host:port");
  }
}
