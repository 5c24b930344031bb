package dev.gatehouse.distribution.auth;

import static dev.gatehouse.distribution.auth.AuthGateway.problem;
import static dev.gatehouse.distribution.auth.AuthGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped {@code key-auth} plugin on the wire (compat 7 items 13, 17, 45, 47; compat 12): keys
 * in headers and the query, schemes, scopes, inactive keys and consumers, passThrough.
 */
@ExtendWith(BlockedThreadGuard.class)
class KeyAuthIT {

  private static final String CONFIG =
      """
      apiEndpoints:
        plain: {paths: /plain}
        scoped: {paths: /scoped, scopes: [admin]}
        scopedString: {paths: /scoped-string, scopes: admin}
        custom: {paths: /custom}
        query: {paths: /query}
        open: {paths: /open}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [key-auth, proxy]
      pipelines:
        plain:
          apiEndpoints: [plain, scoped, scopedString]
          policies:
            - key-auth: [{action: {}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        custom:
          apiEndpoints: [custom]
          policies:
            - key-auth: [{action: {apiKeyHeader: TEST_HEADER, apiKeyHeaderScheme: SCHEME1}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        query:
          apiEndpoints: [query]
          policies:
            - key-auth: [{action: {disableHeaders: true, apiKeyField: customApiKeyParam}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        open:
          apiEndpoints: [open]
          policies:
            - key-auth: [{action: {passThrough: true}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
      """;

  private static AuthGateway gateway;
  private static String userId;
  private static String key;
  private static String adminKey;

  @BeforeAll
  static void start() throws Exception {
    gateway = AuthGateway.start(Files.createTempDirectory("key-auth-it"), CONFIG);
    userId = gateway.createUser("ada");
    gateway.createScopes("admin");
    key = key(gateway.createCredential("ada", "key-auth", new JsonObject()));
    adminKey =
        key(
            gateway.createCredential(
                "ada", "key-auth", new JsonObject().put("scopes", new JsonArray().add("admin"))));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String key(JsonObject credential) {
    return credential.getString("keyId") + ":" + credential.getString("keySecret");
  }

  @Test
  void aRequestWithoutAKeyIsRefusedWithTheApiKeyChallenge() {
    HttpResponse<String> answer = gateway.get("/plain");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("www-authenticate"))
        .hasValue("apiKey realm=\"gatehouse\"");
    assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(problem(answer).getString("code")).isEqualTo("auth.missing");
  }

  @Test
  void aValidKeyReachesTheUpstreamWhichSeesTheConsumerAndTheKeptKey() {
    HttpResponse<String> answer = gateway.get("/plain", "Authorization", "apiKey " + key);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject upstream = upstreamHeaders(answer);
    assertThat(upstream.getString("eg-consumer-id")).isEqualTo(userId);
    assertThat(upstream.getString("eg-request-id")).isNotBlank();
    assertThat(upstream.getString("authorization")).isEqualTo("apiKey " + key);
  }

  @Test
  void aWrongOrMalformedKeyIsInvalid() {
    String keyId = key.substring(0, key.indexOf(':'));
    for (String presented : new String[] {keyId + ":wrong", keyId, "unknown:secret", ":x"}) {
      HttpResponse<String> answer = gateway.get("/plain", "Authorization", "apiKey " + presented);

      assertThat(answer.statusCode()).as(presented).isEqualTo(401);
      assertThat(problem(answer).getString("code")).isEqualTo("auth.invalid");
    }
  }

  @Test
  void aKeyLackingTheEndpointsScopesIsForbidden() {
    for (String path : new String[] {"/scoped", "/scoped-string"}) {
      HttpResponse<String> lacking = gateway.get(path, "Authorization", "apiKey " + key);
      HttpResponse<String> holding = gateway.get(path, "Authorization", "apiKey " + adminKey);

      assertThat(lacking.statusCode()).as(path).isEqualTo(403);
      assertThat(problem(lacking).getString("code")).isEqualTo("auth.insufficient_scope");
      assertThat(holding.statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void aCustomHeaderAndSchemeWorkAndTheSchemeIgnoresCase() {
    assertThat(gateway.get("/custom", "TEST_HEADER", "SCHEME1 " + key).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/custom", "test_header", "scheME1 " + key).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/custom", "TEST_HEADER", "Other " + key).statusCode()).isEqualTo(401);
    assertThat(gateway.get("/custom", "Authorization", "apiKey " + key).statusCode())
        .isEqualTo(401);
    assertThat(gateway.get("/custom").headers().firstValue("www-authenticate"))
        .hasValue("SCHEME1 realm=\"gatehouse\"");
  }

  @Test
  void aKeyInTheQueryWorks() {
    assertThat(gateway.get("/plain?apiKey=" + key).statusCode()).isEqualTo(200);
  }

  @Test
  void withHeadersDisabledOnlyTheConfiguredQueryParameterCounts() {
    assertThat(gateway.get("/query?customApiKeyParam=" + key).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/query?apiKey=" + key).statusCode()).isEqualTo(401);
    assertThat(gateway.get("/query", "Authorization", "apiKey " + key).statusCode()).isEqualTo(401);
  }

  @Test
  void passThroughLetsAnAnonymousRequestThroughAndSaysSo() {
    HttpResponse<String> anonymous = gateway.get("/open");
    HttpResponse<String> wrong = gateway.get("/open", "Authorization", "apiKey nope:nope");
    HttpResponse<String> known = gateway.get("/open", "Authorization", "apiKey " + key);

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.headers().firstValue("eg-consumer-id")).hasValue("anonymous");
    assertThat(upstreamHeaders(anonymous).containsKey("eg-consumer-id")).isFalse();
    assertThat(wrong.statusCode()).isEqualTo(200);
    assertThat(wrong.headers().firstValue("eg-consumer-id")).hasValue("anonymous");
    assertThat(known.headers().firstValue("eg-consumer-id")).isEmpty();
    assertThat(upstreamHeaders(known).getString("eg-consumer-id")).isEqualTo(userId);
  }

  @Test
  void aDeactivatedKeyOrConsumerIsRefusedAtOnceAndAcceptedAgainWhenReactivated() {
    gateway.createUser("bob");
    JsonObject credential = gateway.createCredential("bob", "key-auth", new JsonObject());
    String bobKey = key(credential);
    assertThat(gateway.get("/plain", "Authorization", "apiKey " + bobKey).statusCode())
        .isEqualTo(200);

    gateway.setCredentialActive("key-auth", credential.getString("keyId"), false);
    assertThat(gateway.get("/plain", "Authorization", "apiKey " + bobKey).statusCode())
        .isEqualTo(401);
    gateway.setCredentialActive("key-auth", credential.getString("keyId"), true);
    assertThat(gateway.get("/plain", "Authorization", "apiKey " + bobKey).statusCode())
        .isEqualTo(200);

    gateway.setUserActive("bob", false);
    assertThat(gateway.get("/plain", "Authorization", "apiKey " + bobKey).statusCode())
        .isEqualTo(401);
  }
}
