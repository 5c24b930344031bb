package dev.gatehouse.distribution;

import static dev.gatehouse.distribution.OAuth2Gateway.basic;
import static dev.gatehouse.distribution.OAuth2Gateway.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one real Redis, as behind a load balancer: a token, a refresh token, a login
 * session and the generated signing key made on one are good on the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuth2ClusterIT {

  static final String REDIRECT = "http://127.0.0.1:1/cb";

  @TempDir static Path dir;
  RedisServer redis;
  OAuth2Gateway first;
  OAuth2Gateway second;
  OAuth2Gateway.Identity id;

  @BeforeAll
  void start() throws Exception {
    redis = RedisServer.startPlain();
    String system =
        """
        db: {redis: {host: 127.0.0.1, port: %d, namespace: CL}}
        accessTokens: {tokenType: jwt, timeToExpiry: 60000, issuer: gatehouse-cluster}
        """
            .formatted(redis.port());
    first = new OAuth2Gateway(dir, system, 0);
    second = new OAuth2Gateway(dir, system, first.backendPort());
    id = first.identity(REDIRECT);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {second, first, redis}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  void tokensKeysAndSessionsAreShared() throws Exception {
    JsonObject issued =
        new JsonObject(
            first
                .postForm(
                    "/oauth2/token",
                    params(
                        "grant_type",
                        "password",
                        "username",
                        "ada",
                        "password",
                        "s3cret-pass",
                        "scope",
                        "read"),
                    "authorization",
                    basic(id.appId(), id.secret()))
                .body());
    String jwt = issued.getString("access_token");

    assertThat(second.get("/api/x", "authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
    assertThat(second.get("/.well-known/jwks.json").body())
        .isEqualTo(first.get("/.well-known/jwks.json").body())
        .contains(SignedJWT.parse(jwt).getHeader().getKeyID());
    JsonObject refreshed =
        new JsonObject(
            second
                .postForm(
                    "/oauth2/token",
                    params(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        issued.getString("refresh_token")),
                    "authorization",
                    basic(id.appId(), id.secret()))
                .body());
    assertThat(
            first
                .get("/api/x", "authorization", "Bearer " + refreshed.getString("access_token"))
                .statusCode())
        .isEqualTo(200);

    // Logged in on the first gateway, the browser's next request lands on the second.
    Browser browser = new Browser(first);
    browser.authorize("response_type=code&client_id=" + id.appId(), true);
    browser.switchTo(second);
    String code =
        Browser.code(browser.authorize("response_type=code&client_id=" + id.appId(), true));
    assertThat(
            first
                .postForm(
                    "/oauth2/token",
                    params("grant_type", "authorization_code", "code", code),
                    "authorization",
                    basic(id.appId(), id.secret()))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void failedSignInsAreCountedAcrossTheCluster() throws Exception {
    for (int i = 0; i < 5; i++) {
      OAuth2Gateway gateway = i % 2 == 0 ? first : second;
      assertThat(password(gateway, "mallory", "guess-" + i).statusCode()).isEqualTo(400);
    }

    HttpResponse<String> throttled = password(second, "mallory", "guess-5");

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("retry-after")).hasValue("2");
    assertThat(password(first, "mallory", "guess-6").statusCode()).isEqualTo(429);
    assertThat(redis.sorted("KEYS", "CL-signin:*"))
        .as("counts keep no username or address in clear")
        .hasSize(2)
        .allSatisfy(key -> assertThat(key).doesNotContain("mallory").doesNotContain("127.0.0.1"));
  }

  private HttpResponse<String> password(OAuth2Gateway gateway, String user, String password)
      throws Exception {
    return gateway.token(id, "grant_type", "password", "username", user, "password", password);
  }
}
