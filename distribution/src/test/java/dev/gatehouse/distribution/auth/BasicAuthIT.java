package dev.gatehouse.distribution.auth;

import static dev.gatehouse.distribution.auth.AuthGateway.problem;
import static dev.gatehouse.distribution.auth.AuthGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped {@code basic-auth} plugin on the wire (compat 7 items 14, 17, 45, 47; compat 12):
 * users found by name or id, applications by id, bcrypt off the event loop, scopes, and password
 * changes and deactivations that apply at once despite the remembered checks.
 */
@ExtendWith(BlockedThreadGuard.class)
class BasicAuthIT {

  private static final String CONFIG =
      """
      apiEndpoints:
        plain: {paths: /plain}
        scoped: {paths: /scoped, scopes: [admin]}
        open: {paths: /open}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [basic-auth, proxy]
      pipelines:
        plain:
          apiEndpoints: [plain, scoped]
          policies:
            - basic-auth: [{action: {}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        open:
          apiEndpoints: [open]
          policies:
            - basic-auth: [{action: {passThrough: true}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
      """;

  private static AuthGateway gateway;
  private static String adaId;

  @BeforeAll
  static void start() throws Exception {
    gateway = AuthGateway.start(Files.createTempDirectory("basic-auth-it"), CONFIG);
    gateway.createScopes("admin");
    adaId = gateway.createUser("ada");
    gateway.createCredential("ada", "basic-auth", new JsonObject().put("password", "s3cret"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRequestWithoutCredentialsIsRefusedWithTheBasicChallenge() {
    HttpResponse<String> answer = gateway.get("/plain");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("www-authenticate"))
        .hasValue("Basic realm=\"gatehouse\", charset=\"UTF-8\"");
    assertThat(problem(answer).getString("code")).isEqualTo("auth.missing");
  }

  @Test
  void theRightPasswordByUsernameOrUserIdReachesTheUpstreamAsTheUser() {
    for (String user : new String[] {"ada", adaId}) {
      HttpResponse<String> answer = gateway.get("/plain", "Authorization", basic(user, "s3cret"));

      assertThat(answer.statusCode()).as(user).isEqualTo(200);
      assertThat(upstreamHeaders(answer).getString("eg-consumer-id")).isEqualTo(adaId);
      assertThat(upstreamHeaders(answer).getString("eg-request-id")).isNotBlank();
    }
  }

  @Test
  void anApplicationAuthenticatesByItsId() {
    String appId = gateway.createApp("ada", "dashboard");
    gateway.createCredential(appId, "basic-auth", new JsonObject().put("password", "app-pass"));

    HttpResponse<String> answer = gateway.get("/plain", "Authorization", basic(appId, "app-pass"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(answer).getString("eg-consumer-id")).isEqualTo(appId);
  }

  @Test
  void wrongOrMalformedCredentialsAreInvalid() {
    String[] headers = {
      basic("ada", "wrong"), basic("nobody", "s3cret"), "Basic not-base64!", basic("", "s3cret")
    };
    for (String header : headers) {
      HttpResponse<String> answer = gateway.get("/plain", "Authorization", header);

      assertThat(answer.statusCode()).as(header).isEqualTo(401);
      assertThat(problem(answer).getString("code")).isEqualTo("auth.invalid");
      assertThat(answer.body()).doesNotContain("s3cret");
    }
  }

  @Test
  void aUserLackingTheEndpointsScopesIsForbidden() {
    gateway.createUser("root");
    gateway.createCredential(
        "root",
        "basic-auth",
        new JsonObject().put("password", "pw").put("scopes", new JsonArray().add("admin")));

    HttpResponse<String> lacking = gateway.get("/scoped", "Authorization", basic("ada", "s3cret"));
    HttpResponse<String> holding = gateway.get("/scoped", "Authorization", basic("root", "pw"));

    assertThat(lacking.statusCode()).isEqualTo(403);
    assertThat(problem(lacking).getString("code")).isEqualTo("auth.insufficient_scope");
    assertThat(holding.statusCode()).isEqualTo(200);
  }

  @Test
  void passThroughLetsAnAnonymousRequestThroughAndSaysSo() {
    HttpResponse<String> anonymous = gateway.get("/open");
    HttpResponse<String> wrong = gateway.get("/open", "Authorization", basic("ada", "nope"));

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.headers().firstValue("eg-consumer-id")).hasValue("anonymous");
    assertThat(wrong.statusCode()).isEqualTo(200);
    assertThat(wrong.headers().firstValue("eg-consumer-id")).hasValue("anonymous");
    assertThat(upstreamHeaders(wrong).containsKey("eg-consumer-id")).isFalse();
  }

  @Test
  void aPasswordChangeAppliesAtOnceThoughSuccessfulChecksAreRemembered() {
    String eveId = gateway.createUser("eve");
    gateway.createCredential("eve", "basic-auth", new JsonObject().put("password", "old"));
    for (int i = 0; i < 3; i++) {
      assertThat(gateway.get("/plain", "Authorization", basic("eve", "old")).statusCode())
          .isEqualTo(200);
    }

    gateway.setCredentialActive("basic-auth", eveId, false);
    assertThat(gateway.get("/plain", "Authorization", basic("eve", "old")).statusCode())
        .isEqualTo(401);
    gateway.createCredential("eve", "basic-auth", new JsonObject().put("password", "new"));

    assertThat(gateway.get("/plain", "Authorization", basic("eve", "old")).statusCode())
        .isEqualTo(401);
    assertThat(gateway.get("/plain", "Authorization", basic("eve", "new")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aDeactivatedUserIsRefusedAtOnce() {
    gateway.createUser("mallory");
    gateway.createCredential("mallory", "basic-auth", new JsonObject().put("password", "pw"));
    assertThat(gateway.get("/plain", "Authorization", basic("mallory", "pw")).statusCode())
        .isEqualTo(200);

    gateway.setUserActive("mallory", false);

    assertThat(gateway.get("/plain", "Authorization", basic("mallory", "pw")).statusCode())
        .isEqualTo(401);
  }
}
