package dev.gatehouse.distribution;

import static dev.gatehouse.distribution.OAuth2Gateway.basic;
import static dev.gatehouse.distribution.OAuth2Gateway.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWT access tokens ({@code accessTokens.tokenType: jwt}) signed with the generated ES256 key,
 * verified by an independent library (Nimbus JOSE+JWT) against the published JWKS; the implicit
 * grant when {@code oauth2.allowImplicit} is set; key rotation with {@code gatehouse keys rotate}
 * (compat section 7 items 19 and 23).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuth2JwtIT {

  static final String REDIRECT = "http://127.0.0.1:1/cb";

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
            accessTokens: {tokenType: jwt, timeToExpiry: 60000, issuer: 'http://127.0.0.1:${PORT}'}
            oauth2: {allowImplicit: true}
            session: {name: gh.sid, cookie: {path: /, domain: 127.0.0.1, maxAge: 120000}}
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

  /** The claims, after Nimbus checked the signature with the key the JWKS publishes. */
  private JWTClaimsSet verified(String jwt) throws Exception {
    JWKSet keys = JWKSet.parse(gateway.get("/.well-known/jwks.json").body());
    SignedJWT parsed = SignedJWT.parse(jwt);
    ECKey key = (ECKey) keys.getKeyByKeyId(parsed.getHeader().getKeyID());
    assertThat(key).as("kid %s in the JWKS", parsed.getHeader().getKeyID()).isNotNull();
    assertThat(key.isPrivate()).isFalse();
    assertThat(parsed.verify(new ECDSAVerifier(key))).isTrue();
    return parsed.getJWTClaimsSet();
  }

  @Test
  void clientCredentialsIssuesAnEs256JwtThatVerifiesAgainstTheJwksAndOpensTheApi()
      throws Exception {
    HttpResponse<String> issued = token("grant_type", "client_credentials", "scope", "read");

    assertThat(issued.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(issued.body());
    assertThat(body.getLong("expires_in")).isEqualTo(60);
    String jwt = body.getString("access_token");
    assertThat(SignedJWT.parse(jwt).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    JWTClaimsSet claims = verified(jwt);
    assertThat(claims.getIssuer()).isEqualTo(gateway.url(""));
    assertThat(claims.getAudience()).containsExactly(gateway.url(""));
    assertThat(claims.getSubject()).isEqualTo(id.appId());
    assertThat(claims.getStringClaim("consumerId")).isEqualTo(id.appId());
    assertThat(claims.getStringClaim("client_id")).isEqualTo(id.appId());
    assertThat(claims.getStringListClaim("scopes")).containsExactly("read");
    assertThat(claims.getStringClaim("scope")).isEqualTo("read");
    assertThat(claims.getJWTID()).isNotBlank();
    // Seconds, not Express Gateway's milliseconds read as seconds.
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(60_000);

    HttpResponse<String> api = gateway.get("/api/x", "authorization", "Bearer " + jwt);
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(gateway.get("/jwt/x", "authorization", "Bearer " + jwt).statusCode())
        .as("the jwt policy trusting the gateway's own issuer")
        .isEqualTo(200);
    assertThat(new JsonObject(api.body()).getJsonObject("headers").getString("eg-consumer-id"))
        .isEqualTo(id.appId());
    String forged =
        jwt.substring(0, jwt.lastIndexOf('.') + 1)
            + "AAAA"
            + jwt.substring(jwt.lastIndexOf('.') + 5);
    assertThat(gateway.get("/api/x", "authorization", "Bearer " + forged).statusCode())
        .isEqualTo(401);

    JsonObject introspected =
        new JsonObject(
            gateway
                .postForm(
                    "/oauth2/introspect",
                    params("token", jwt),
                    "authorization",
                    basic(id.appId(), id.secret()))
                .body());
    assertThat(introspected.getBoolean("active")).isTrue();
    assertThat(introspected.getString("scope")).isEqualTo("read");
  }

  @Test
  void passwordGrantAddsAnOpaqueRefreshTokenThatRefreshesToANewJwt() throws Exception {
    JsonObject issued =
        new JsonObject(
            token(
                    "grant_type",
                    "password",
                    "username",
                    "ada",
                    "password",
                    "s3cret-pass",
                    "scope",
                    "read")
                .body());
    assertThat(verified(issued.getString("access_token")).getSubject()).isEqualTo(id.userId());

    JsonObject refreshed =
        new JsonObject(
            token("grant_type", "refresh_token", "refresh_token", issued.getString("refresh_token"))
                .body());

    JWTClaimsSet claims = verified(refreshed.getString("access_token"));
    assertThat(claims.getStringClaim("authenticatedUserId")).isEqualTo(id.userId());
    assertThat(refreshed.getString("refresh_token"))
        .isNotEqualTo(issued.getString("refresh_token"));
  }

  @Test
  void theSessionCookieFollowsTheSessionSettings() throws Exception {
    HttpResponse<String> first =
        gateway.get("/oauth2/authorize?response_type=token&client_id=" + id.appId());

    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(first.headers().firstValue("set-cookie").orElseThrow())
        .startsWith("gh.sid=")
        .contains("; Path=/; Domain=127.0.0.1; Max-Age=120;")
        .contains("HttpOnly");
  }

  @Test
  void implicitGrantRedirectsWithTheTokenInTheFragment() throws Exception {
    Browser browser = new Browser(gateway);
    String location =
        browser.authorize(
            "response_type=token&client_id=" + id.appId() + "&scope=read&state=s1", true);

    assertThat(location)
        .startsWith(REDIRECT + "#access_token=")
        .contains("&token_type=Bearer")
        .endsWith("&state=s1");
    String fragment = location.substring(location.indexOf("#access_token=") + 14);
    String jwt =
        URLDecoder.decode(fragment.substring(0, fragment.indexOf('&')), StandardCharsets.UTF_8);
    assertThat(verified(jwt).getStringClaim("authenticatedUserId")).isEqualTo(id.userId());
    assertThat(
            browser
                .get(
                    "/oauth2/authorize?response_type=token&client_id="
                        + id.appId()
                        + "&scope=write")
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void keysRotateSignsNewTokensWithANewKeyWhileTheOldOneStaysPublished() throws Exception {
    String before =
        new JsonObject(token("grant_type", "client_credentials").body()).getString("access_token");
    GatehouseProcess.Result rotated =
        GatehouseProcess.run(
            Map.of(), "keys", "rotate", "--admin-url", gateway.adminUrl(""), "--quiet");
    assertThat(rotated.status()).as(rotated.output()).isZero();
    String kid = rotated.output().strip();
    assertThat(kid).hasSize(43);

    String after =
        new JsonObject(token("grant_type", "client_credentials", "scope", "read").body())
            .getString("access_token");

    assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(kid);
    assertThat(SignedJWT.parse(before).getHeader().getKeyID()).isNotEqualTo(kid);
    verified(before);
    verified(after);
    assertThat(gateway.get("/open/x", "authorization", "Bearer " + before).statusCode())
        .isEqualTo(200);
    assertThat(gateway.get("/jwt/x", "authorization", "Bearer " + after).statusCode())
        .as("a key rotated in is trusted by the jwt policy on its first token")
        .isEqualTo(200);
  }
}
