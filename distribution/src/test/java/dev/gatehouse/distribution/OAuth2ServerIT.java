package dev.gatehouse.distribution;

import static dev.gatehouse.distribution.OAuth2Gateway.basic;
import static dev.gatehouse.distribution.OAuth2Gateway.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization server with opaque tokens, driven over real HTTP through the distribution's
 * OAuth 2.0 plugin jar: every grant, client authentication, RFC 6749 errors, refresh rotation and
 * replay, the login and consent pages with cookies and CSRF, PKCE, introspection, revocation, the
 * Admin API revocation, and the {@code oauth2} policy in front of a real backend (compat section 7
 * items 15, 16, 20-22, 25, 49 with the statuses of section 12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuth2ServerIT {

  static final String REDIRECT = "http://127.0.0.1:1/cb";
  static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}\\|[0-9a-f]{32}");

  @TempDir static Path dir;
  OAuth2Gateway gateway;
  OAuth2Gateway.Identity id;

  @BeforeAll
  void start() throws Exception {
    gateway =
        new OAuth2Gateway(
            dir,
            """
            db: {redis: {emulate: true}}
            accessTokens: {timeToExpiry: 60000, issuer: 'http://127.0.0.1:${PORT}'}
            """,
            0);
    id = gateway.identity(REDIRECT);
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private HttpResponse<String> token(String... form) throws Exception {
    return gateway.token(id, form);
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  @Test
  void clientCredentialsIssuesAnOpaqueTokenThatOpensTheApiWithoutReachingUpstreamAsAHeader()
      throws Exception {
    HttpResponse<String> issued = token("grant_type", "client_credentials", "scope", "read");

    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(issued.headers().firstValue("cache-control")).hasValue("no-store");
    JsonObject body = json(issued);
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(60);
    assertThat(body.getString("scope")).isEqualTo("read");
    assertThat(body.containsKey("refresh_token")).isFalse();
    String token = body.getString("access_token");
    assertThat(token).matches(TOKEN);

    HttpResponse<String> api = gateway.get("/api/orders", "authorization", "bearer " + token);
    assertThat(api.statusCode()).isEqualTo(200);
    JsonObject upstream = json(api).getJsonObject("headers");
    assertThat(upstream.getString("eg-consumer-id")).isEqualTo(id.appId());
    assertThat(upstream.containsKey("authorization")).isFalse();
    assertThat(
            gateway
                .get("/api/orders?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void clientSecretPostWorksAndEachRequestGetsAFreshToken() throws Exception {
    HttpResponse<String> first =
        gateway.postForm(
            "/oauth2/token",
            params(
                "grant_type",
                "client_credentials",
                "client_id",
                id.appId(),
                "client_secret",
                id.secret()));
    HttpResponse<String> second = token("grant_type", "client_credentials");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(json(first).getString("access_token"))
        .isNotEqualTo(json(second).getString("access_token"));
  }

  @Test
  void theProtectedApiRefusesMissingBogusAndUnderScopedTokens() throws Exception {
    HttpResponse<String> none = gateway.get("/api/orders");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(json(none).getString("code")).isEqualTo("auth.missing");
    assertThat(none.headers().firstValue("www-authenticate").orElseThrow()).startsWith("Bearer");

    HttpResponse<String> bogus = gateway.get("/api/orders", "authorization", "Bearer 0123|4567");
    assertThat(bogus.statusCode()).isEqualTo(401);
    assertThat(json(bogus).getString("code")).isEqualTo("auth.invalid");

    String unscoped = json(token("grant_type", "client_credentials")).getString("access_token");
    HttpResponse<String> forbidden =
        gateway.get("/api/orders", "authorization", "Bearer " + unscoped);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(json(forbidden).getString("code")).isEqualTo("auth.insufficient_scope");
    assertThat(gateway.get("/open/x", "authorization", "Bearer " + unscoped).statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenEndpointErrorsFollowRfc6749() throws Exception {
    HttpResponse<String> scope = token("grant_type", "client_credentials", "scope", "write");
    assertThat(scope.statusCode()).isEqualTo(400);
    assertThat(json(scope).getString("error")).isEqualTo("invalid_scope");

    HttpResponse<String> badSecret =
        gateway.postForm(
            "/oauth2/token",
            params("grant_type", "client_credentials"),
            "authorization",
            basic(id.appId(), "wrong"));
    assertThat(badSecret.statusCode()).isEqualTo(401);
    assertThat(json(badSecret).getString("error")).isEqualTo("invalid_client");
    assertThat(badSecret.headers().firstValue("www-authenticate").orElseThrow())
        .startsWith("Basic");

    HttpResponse<String> unsupported = token("grant_type", "urn:example:magic");
    assertThat(unsupported.statusCode()).isEqualTo(400);
    assertThat(json(unsupported).getString("error")).isEqualTo("unsupported_grant_type");

    HttpResponse<String> badPassword =
        token("grant_type", "password", "username", "ada", "password", "nope");
    assertThat(badPassword.statusCode()).isEqualTo(400);
    assertThat(json(badPassword).getString("error")).isEqualTo("invalid_grant");
    assertThat(badPassword.headers().firstValue("cache-control")).hasValue("no-store");
  }

  @Test
  void passwordGrantRefreshRotatesAndAReplayRevokesTheFamily() throws Exception {
    HttpResponse<String> issued =
        token(
            "grant_type",
            "password",
            "username",
            "ada",
            "password",
            "s3cret-pass",
            "scope",
            "read");
    assertThat(issued.statusCode()).isEqualTo(200);
    String refresh = json(issued).getString("refresh_token");
    assertThat(refresh).matches(TOKEN);

    HttpResponse<String> rotated = token("grant_type", "refresh_token", "refresh_token", refresh);
    assertThat(rotated.statusCode()).isEqualTo(200);
    String next = json(rotated).getString("refresh_token");
    String access = json(rotated).getString("access_token");
    assertThat(next).isNotEqualTo(refresh);
    assertThat(json(rotated).getString("scope")).isEqualTo("read");
    assertThat(gateway.get("/api/x", "authorization", "Bearer " + access).statusCode())
        .isEqualTo(200);

    HttpResponse<String> replay = token("grant_type", "refresh_token", "refresh_token", refresh);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(json(replay).getString("error")).isEqualTo("invalid_grant");
    // The whole family is gone: the successor and the access token issued with it.
    assertThat(token("grant_type", "refresh_token", "refresh_token", next).statusCode())
        .isEqualTo(400);
    assertThat(gateway.get("/api/x", "authorization", "Bearer " + access).statusCode())
        .isEqualTo(401);
  }

  @Test
  void introspectionAndRevocation() throws Exception {
    String access =
        json(token("grant_type", "client_credentials", "scope", "read")).getString("access_token");
    String auth = basic(id.appId(), id.secret());

    JsonObject active =
        json(
            gateway.postForm("/oauth2/introspect", params("token", access), "authorization", auth));
    assertThat(active.getBoolean("active")).isTrue();
    assertThat(active.getString("client_id")).isEqualTo(id.appId());
    assertThat(active.getString("scope")).isEqualTo("read");

    assertThat(
            gateway
                .postForm("/oauth2/revoke", params("token", access), "authorization", auth)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            json(gateway.postForm(
                    "/oauth2/introspect", params("token", access), "authorization", auth))
                .getBoolean("active"))
        .isFalse();
    assertThat(gateway.get("/api/x", "authorization", "Bearer " + access).statusCode())
        .isEqualTo(401);
    assertThat(gateway.postForm("/oauth2/introspect", params("token", access)).statusCode())
        .isEqualTo(401);
  }

  @Test
  void theAdminApiRevokesATokenThenAnswers404() throws Exception {
    String access =
        json(token("grant_type", "client_credentials", "scope", "read")).getString("access_token");
    String path = "/tokens/" + URLEncoder.encode(access, StandardCharsets.UTF_8);
    HttpRequest delete =
        HttpRequest.newBuilder(URI.create(gateway.adminUrl(path))).DELETE().build();

    assertThat(gateway.send(delete).statusCode()).isEqualTo(204);
    assertThat(gateway.get("/api/x", "authorization", "Bearer " + access).statusCode())
        .isEqualTo(401);
    assertThat(gateway.send(delete).statusCode()).isEqualTo(404);
  }

  @Test
  void issuedTokensAreCountedByGrantAndTokenType() throws Exception {
    token("grant_type", "client_credentials");
    token("grant_type", "password", "username", "ada", "password", "s3cret-pass");

    String metrics =
        gateway
            .send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/metrics"))).build())
            .body();

    assertThat(metrics)
        .containsPattern(
            "gatehouse_tokens_issued_total\\{grant=\"client_credentials\",[^}]*token_type=\"opaque\"\\} [1-9]")
        .containsPattern(
            "gatehouse_tokens_issued_total\\{grant=\"password\",[^}]*token_type=\"opaque\"\\} [1-9]");
  }

  @Test
  void metadataNamesTheEndpoints() throws Exception {
    HttpResponse<String> metadata = gateway.get("/.well-known/oauth-authorization-server");

    assertThat(metadata.statusCode()).isEqualTo(200);
    JsonObject body = json(metadata);
    assertThat(body.getString("token_endpoint")).isEqualTo(gateway.url("/oauth2/token"));
    assertThat(body.getJsonArray("code_challenge_methods_supported").getList())
        .containsExactly("S256");
    assertThat(body.getJsonArray("response_types_supported").getList()).containsExactly("code");
  }

  // --- the code grant through the login and consent pages

  @Test
  void authorizationCodeWithPkceThroughLoginAndConsent() throws Exception {
    Browser browser = new Browser(gateway);
    String verifier = "v".repeat(20) + "-abcdefghijklmnopqrstuvwxyz";
    String query =
        "response_type=code&client_id="
            + id.appId()
            + "&redirect_uri="
            + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
            + "&scope=read&state=xyz&code_challenge="
            + Browser.s256(verifier)
            + "&code_challenge_method=S256";

    String location = browser.authorize(query, true);
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=xyz");

    HttpResponse<String> wrong =
        token(
            "grant_type",
            "authorization_code",
            "code",
            Browser.code(location),
            "redirect_uri",
            REDIRECT,
            "code_verifier",
            "w".repeat(43));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).getString("error")).isEqualTo("invalid_grant");

    String again = Browser.code(browser.authorize(query, true));
    HttpResponse<String> right =
        token(
            "grant_type",
            "authorization_code",
            "code",
            again,
            "redirect_uri",
            REDIRECT,
            "code_verifier",
            verifier);
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(json(right).getString("scope")).isEqualTo("read");
    assertThat(json(right).getString("refresh_token")).matches(TOKEN);
    assertThat(
            gateway
                .get("/api/x", "authorization", "Bearer " + json(right).getString("access_token"))
                .statusCode())
        .isEqualTo(200);

    // Codes are single-use.
    HttpResponse<String> reused =
        token(
            "grant_type",
            "authorization_code",
            "code",
            again,
            "redirect_uri",
            REDIRECT,
            "code_verifier",
            verifier);
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(json(reused).getString("error")).isEqualTo("invalid_grant");
    assertThat(
            token(
                    "grant_type",
                    "refresh_token",
                    "refresh_token",
                    json(right).getString("refresh_token"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void consentRefusalsAndForbiddenRequests() throws Exception {
    Browser browser = new Browser(gateway);
    String base = "response_type=code&client_id=" + id.appId();

    assertThat(browser.authorize(base, false)).isEqualTo(REDIRECT + "?error=access_denied");
    assertThat(browser.get("/oauth2/authorize?" + base + "&scope=write").statusCode())
        .isEqualTo(403);
    assertThat(
            browser
                .get("/oauth2/authorize?" + base + "&redirect_uri=http%3A%2F%2Fevil.example%2F")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            browser
                .get("/oauth2/authorize?response_type=token&client_id=" + id.appId())
                .statusCode())
        .isEqualTo(400);

    // A post from another origin is refused even with the session cookie.
    HttpResponse<String> page = browser.get("/oauth2/authorize?" + base);
    HttpResponse<String> crossSite =
        gateway.postForm(
            "/oauth2/authorize/decision",
            params("transaction_id", page.headers().firstValue("transaction_id").orElseThrow()),
            "cookie",
            browser.cookie,
            "origin",
            "http://evil.example");
    assertThat(crossSite.statusCode()).isEqualTo(403);

    HttpResponse<String> logout = browser.get("/logout");
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(browser.get("/oauth2/authorize?" + base).headers().firstValue("location"))
        .hasValue("/login");
  }

  @Test
  void withoutOauth2InPoliciesTheServerIsNotThere() throws Exception {
    try (OAuth2Gateway bare =
        new OAuth2Gateway(
            dir.resolve("bare"),
            "db: {redis: {emulate: true}}\n",
            gateway.backendPort(),
            config ->
                config
                    .replace("policies: [oauth2, jwt, proxy]", "policies: [jwt, proxy]")
                    .replaceAll(
                        "(?s)  api:\n    apiEndpoints: \\[api, open\\].*?(?=  jwt:\n)", ""))) {
      for (String path :
          new String[] {
            "/login",
            "/oauth2/authorize",
            "/.well-known/jwks.json",
            "/.well-known/oauth-authorization-server"
          }) {
        assertThat(bare.get(path).statusCode()).as(path).isEqualTo(404);
      }
      assertThat(
              bare.postForm("/oauth2/token", params("grant_type", "client_credentials"))
                  .statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void repeatedFailedSignInsWaitWithoutReachingThePasswordCheck() throws Exception {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> wrong =
          token("grant_type", "password", "username", "mallory", "password", "guess-" + i);
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(json(wrong).getString("error")).isEqualTo("invalid_grant");
    }

    HttpResponse<String> throttled =
        token("grant_type", "password", "username", "mallory", "password", "guess-6");

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("retry-after")).hasValue("2");
    assertThat(json(throttled).getString("error_description")).contains("Too many failed sign-ins");
    assertThat(
            token("grant_type", "password", "username", "ada", "password", "s3cret-pass")
                .statusCode())
        .as("another username from the same address")
        .isEqualTo(200);
  }

  @Test
  void theLoginPageSlowsGuessingToo() throws Exception {
    Browser browser = new Browser(gateway);
    browser.get("/oauth2/authorize?response_type=code&client_id=" + id.appId());
    for (int i = 0; i < 5; i++) {
      String csrf = Browser.hidden(browser.get("/login").body(), "_csrf");
      HttpResponse<String> wrong =
          browser.post(
              "/login", params("username", "eve", "password", "guess-" + i, "_csrf", csrf));
      assertThat(wrong.statusCode()).isEqualTo(302);
      assertThat(wrong.headers().firstValue("location")).hasValue("/login");
    }

    String csrf = Browser.hidden(browser.get("/login").body(), "_csrf");
    HttpResponse<String> throttled =
        browser.post("/login", params("username", "eve", "password", "guess-6", "_csrf", csrf));

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("retry-after")).hasValue("2");
    assertThat(throttled.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(throttled.body()).contains("Too many failed sign-ins");
  }
}
