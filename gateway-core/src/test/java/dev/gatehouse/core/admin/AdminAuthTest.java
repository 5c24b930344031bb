package dev.gatehouse.core.admin;

import static dev.gatehouse.core.admin.AdminAssertions.assertProblem;
import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin.auth}: API keys in two headers, a bcrypt basic login, 401 with challenges. */
@ExtendWith(BlockedThreadGuard.class)
class AdminAuthTest {

  private static final String KEY = "key-from-the-environment-0001";
  private static final String SECOND_KEY = "second-key-0123456789";
  private static final String PASSWORD = "s3cret-pass";

  private static Vertx vertx;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    gateway =
        GatewayFixture.config(dir)
            .env("ADMIN_KEY", KEY)
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .gateway(
                """
                http: {port: 0}
                admin:
                  port: 0
                  auth:
                    apiKeys: ['${ADMIN_KEY}', '%s']
                    basic:
                      username: operator
                      passwordHash: '%s'
                """
                    .formatted(SECOND_KEY, bcrypt(PASSWORD)))
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    join(vertx.close());
  }

  private static String bcrypt(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 4);
  }

  private static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Reply get(String header, String value) {
    AdminClient client = new AdminClient(vertx, gateway.adminPort());
    try {
      return header == null ? client.get("/plugins") : client.header(header, value).get("/plugins");
    } finally {
      client.close();
    }
  }

  private static void assertUnauthorized(Reply reply, String code) {
    assertProblem(reply, 401, code);
    assertThat(reply.headers().getAll("www-authenticate"))
        .containsExactly("Basic realm=\"gatehouse-admin\"", "Bearer realm=\"gatehouse-admin\"");
  }

  @Test
  void aRequestWithoutCredentialsIs401WithBothChallenges() {
    assertUnauthorized(get(null, null), "auth.missing");
  }

  @Test
  void eachApiKeyPassesAsABearerTokenOrAnXApiKeyHeader() {
    assertThat(get("Authorization", "Bearer " + KEY).status()).isEqualTo(200);
    assertThat(get("Authorization", "bearer " + SECOND_KEY).status()).isEqualTo(200);
    assertThat(get("X-API-Key", KEY).status()).isEqualTo(200);
    assertThat(get("X-API-Key", SECOND_KEY).status()).isEqualTo(200);
  }

  @Test
  void aWrongKeyIs401() {
    assertUnauthorized(get("Authorization", "Bearer " + KEY + "x"), "auth.invalid");
    assertUnauthorized(get("X-API-Key", KEY.substring(1)), "auth.invalid");
    assertUnauthorized(get("Authorization", "Bearer"), "auth.invalid");
  }

  @Test
  void theBasicLoginPassesEveryTime() {
    assertThat(get("Authorization", basic("operator", PASSWORD)).status()).isEqualTo(200);
    assertThat(get("Authorization", basic("operator", PASSWORD)).status()).isEqualTo(200);
  }

  @Test
  void aWrongPasswordOrUsernameIs401() {
    assertUnauthorized(get("Authorization", basic("operator", PASSWORD + "!")), "auth.invalid");
    assertUnauthorized(get("Authorization", basic("admin", PASSWORD)), "auth.invalid");
    assertUnauthorized(get("Authorization", "Basic not-base64!"), "auth.invalid");
    assertUnauthorized(get("Authorization", basic("operator", "x".repeat(100))), "auth.invalid");
    assertUnauthorized(get("Authorization", "Digest username=operator"), "auth.invalid");
  }

  @Test
  void everyEndpointIsProtectedPluginRoutesIncluded() {
    AdminClient anonymous = new AdminClient(vertx, gateway.adminPort());
    AdminClient operator =
        new AdminClient(vertx, gateway.adminPort()).header("X-API-Key", SECOND_KEY);
    try {
      assertUnauthorized(anonymous.post("/test-plugin/echo", "{}"), "auth.missing");
      assertUnauthorized(anonymous.get("/openapi.json"), "auth.missing");
      assertUnauthorized(anonymous.put("/policies/cors", null), "auth.missing");
      assertThat(operator.post("/test-plugin/echo", "{\"a\":1}").json().getString("read"))
          .isEqualTo("{\"a\":1}");
      assertThat(operator.get("/openapi.json").status()).isEqualTo(200);
      assertThat(operator.put("/policies/cors", null).status()).isEqualTo(201);
    } finally {
      anonymous.close();
      operator.close();
    }
  }

  @Test
  void aPasswordHashThatIsNotBcryptStopsTheGatewayNamingIt(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                GatewayFixture.config(dir)
                    .gateway(
                        "admin:\n  port: 0\n  auth:\n    basic: {username: a, passwordHash: secret}\n")
                    .start())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("gateway.config.yml:4")
        .hasMessageContaining("admin.auth.basic.passwordHash")
        .hasMessageContaining("bcrypt")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aShortApiKeyStopsTheGateway(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                GatewayFixture.config(dir)
                    .gateway("admin:\n  port: 0\n  auth:\n    apiKeys: ['${UNSET_KEY}']\n")
                    .start())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("admin.auth.apiKeys[0]");
  }

  @Test
  void keysAndTheHashNeverShowInTheListenersText() {
    assertThat(gateway.gatehouse().compiled().config().admin().orElseThrow().toString())
        .doesNotContain("$2b$")
        .doesNotContain(KEY)
        .doesNotContain(SECOND_KEY);
  }
}
