package dev.gatehouse.distribution.plugins;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy in a real gateway, on the wire: Express Gateway test suite item 32, preflights that
 * never reach the authentication after {@code cors}, and denials that carry the CORS headers.
 */
@ExtendWith(BlockedThreadGuard.class)
class CorsOnTheWireIT {

  private static final String GATEWAY =
      """
      http: {port: 0}
      apiEndpoints:
        regexp: {paths: '/regexp'}
        list: {paths: '/list'}
        private: {paths: '/private'}
      policies: [cors, test-require-key, test-echo]
      pipelines:
        regexp:
          apiEndpoints: [regexp]
          policies:
            - cors:
                - action: {origin: !!js/regexp '/^https:\\/\\/(app|admin)\\.example\\.com$/'}
            - test-echo:
        list:
          apiEndpoints: [list]
          policies:
            - cors:
                - action:
                    origin: ['https://one.example', !!js/regexp '/\\.two\\.example$/']
                    methods: [GET, PUT]
            - test-echo:
        private:
          apiEndpoints: [private]
          policies:
            - cors:
                - action: {origin: true, credentials: true, exposedHeaders: [www-authenticate]}
            - test-require-key:
            - test-echo:
      """;

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Http http;
  private static GatewayFixture gateway;

  /** One gateway for the class, started before the blocked-thread guard watches each test. */
  @BeforeAll
  static void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    join(vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0)).close();
    gateway =
        GatewayFixture.config(dir.resolve("config"))
            .gateway(GATEWAY)
            .plugins(ShippedPlugins.FOLDERS)
            .start();
  }

  @AfterAll
  static void tearDown() {
    gateway.close();
    http.close();
    join(vertx.close());
  }

  private static Reply send(HttpMethod method, String path, String origin, String... headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    if (origin != null) {
      all.set("Origin", origin);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      all.add(headers[i], headers[i + 1]);
    }
    return join(http.send(method, gateway.port(), path, all, null));
  }

  private static Reply preflight(String path, String origin) {
    return send(
        HttpMethod.OPTIONS,
        path,
        origin,
        "Access-Control-Request-Method",
        "PUT",
        "Access-Control-Request-Headers",
        "x-api-key");
  }

  @Test
  void item32APreflightIsAnswered204WithOriginMethodsAndHeaders() {
    Reply reply = preflight("/regexp", "https://app.example.com");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
    assertThat(reply.header("access-control-allow-methods"))
        .isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
    assertThat(reply.header("access-control-allow-headers")).isEqualTo("x-api-key");
    assertThat(reply.header("vary")).isEqualTo("Origin, Access-Control-Request-Headers");
    assertThat(reply.body().length()).isZero();
  }

  @Test
  void item32RegExpAndListOriginsReflectOnlyMatchingOrigins() {
    assertThat(allowOrigin("/regexp", "https://admin.example.com"))
        .isEqualTo("https://admin.example.com");
    assertThat(allowOrigin("/regexp", "https://evil.example.com")).isNull();
    assertThat(allowOrigin("/list", "https://one.example")).isEqualTo("https://one.example");
    assertThat(allowOrigin("/list", "https://x.two.example")).isEqualTo("https://x.two.example");
    assertThat(allowOrigin("/list", "https://three.example")).isNull();

    Reply actual = send(HttpMethod.GET, "/list", "https://one.example");
    assertThat(actual.status()).as("the echo answered: the request went on").isEqualTo(200);
    assertThat(actual.header("access-control-allow-origin")).isEqualTo("https://one.example");
    assertThat(actual.header("vary")).isEqualTo("Origin");
  }

  private String allowOrigin(String path, String origin) {
    return preflight(path, origin).header("access-control-allow-origin");
  }

  @Test
  void item32AnObjectOriginThatIsNotARegExpStopsTheStart() {
    String gateway =
        """
        http: {port: 0}
        apiEndpoints:
          api: {paths: '/api'}
        policies: [cors, test-echo]
        pipelines:
          api:
            apiEndpoints: [api]
            policies:
              - cors:
                  - action: {origin: {host: app.example.com}}
              - test-echo:
        """;

    assertThatThrownBy(
            () ->
                GatewayFixture.config(dir.resolve("broken"))
                    .gateway(gateway)
                    .plugins(ShippedPlugins.FOLDERS)
                    .start()
                    .close())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("gateway.config.yml")
        .hasMessageContaining("origin");
  }

  @Test
  void aPreflightNeverReachesTheAuthenticationAfterCors() {
    Reply reply = preflight("/private", "https://app.example.com");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
    assertThat(reply.header("access-control-allow-credentials")).isEqualTo("true");
  }

  @Test
  void aDenialOfALaterPolicyCarriesTheCorsHeaders() {
    Reply denied = send(HttpMethod.GET, "/private", "https://app.example.com");

    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.header("content-type")).isEqualTo("application/problem+json");
    assertThat(denied.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
    assertThat(denied.header("access-control-allow-credentials")).isEqualTo("true");
    assertThat(denied.header("access-control-expose-headers")).isEqualTo("www-authenticate");
    assertThat(denied.header("vary")).isEqualTo("Origin");

    Reply allowed =
        send(HttpMethod.PUT, "/private", "https://app.example.com", "x-api-key", "secret");
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
  }
}
