package dev.gatehouse.distribution.auth;

import static dev.gatehouse.distribution.auth.AuthGateway.problem;
import static dev.gatehouse.distribution.auth.AuthGateway.upstreamHeaders;
import static dev.gatehouse.distribution.auth.Tokens.claims;
import static dev.gatehouse.distribution.auth.Tokens.sign;
import static dev.gatehouse.distribution.auth.Tokens.signer;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped {@code jwt} plugin on the wire with static keys (compat 7 item 18 and 45, 47; compat
 * 12): controlled and uncontrolled mode, every algorithm, the attacks it must refuse, clock
 * tolerance, issuers, audiences and required claims, scopes and forwarded claims. Tokens are minted
 * with Nimbus JOSE.
 */
@ExtendWith(BlockedThreadGuard.class)
class JwtIT {

  private static final String SECRET =
      "a-shared-secret-of-at-least-sixty-four-bytes-for-hs512-tokens!!";
  private static final String OTHER_SECRET = "another-secret";

  private static final KeyPair RSA = Tokens.rsa();
  private static final KeyPair P256 = Tokens.ec("secp256r1");
  private static final KeyPair P384 = Tokens.ec("secp384r1");
  private static final KeyPair P521 = Tokens.ec("secp521r1");
  private static final KeyPair ED25519 = Tokens.ed25519();
  private static final KeyPair ATTACKER = Tokens.rsa();

  private static AuthGateway gateway;
  private static String adaId;
  private static String keyId;
  private static String scopedKeyId;
  private static String ownSecretKeyId;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("jwt-it");
    Files.writeString(dir.resolve("rsa.pem"), Tokens.pem(RSA.getPublic()));
    Files.writeString(dir.resolve("p384.pem"), Tokens.pem(P384.getPublic()));
    Files.writeString(dir.resolve("p521.pem"), Tokens.pem(P521.getPublic()));
    Files.writeString(dir.resolve("ed25519.pem"), Tokens.pem(ED25519.getPublic()));
    String p256 = Tokens.pem(P256.getPublic()).replace("\n", "\n" + " ".repeat(24));
    String config =
        """
        apiEndpoints:
          hs: {paths: /hs}
          hsScoped: {paths: /hs-scoped, scopes: [orders:read]}
          hs2: {paths: /hs2}
          rsQuery: {paths: /rs-query}
          rs: {paths: /rs}
          es256: {paths: /es256}
          es384: {paths: /es384}
          es512: {paths: /es512}
          eddsa: {paths: /eddsa}
          free: {paths: /free}
          freeScoped: {paths: /free-scoped, scopes: [orders:read, orders:write]}
          tolerant: {paths: /tolerant}
          strict: {paths: /strict}
          ownSecret: {paths: /own-secret}
          open: {paths: /open}
        serviceEndpoints:
          backend: {url: '${BACKEND}'}
        policies: [jwt, proxy]
        pipelines:
          hs:
            apiEndpoints: [hs, hsScoped]
            policies:
              - jwt: [{action: {secretOrPublicKey: '%1$s'}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          hs2:
            apiEndpoints: [hs2]
            policies:
              - jwt: [{action: {secretOrPublicKey: '%2$s'}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          rsQuery:
            apiEndpoints: [rsQuery]
            policies:
              - jwt: [{action: {secretOrPublicKeyFile: rsa.pem, jwtExtractor: query, jwtExtractorField: token}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          rs:
            apiEndpoints: [rs]
            policies:
              - jwt: [{action: {secretOrPublicKeyFile: rsa.pem, checkCredentialExistence: false}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          es256:
            apiEndpoints: [es256]
            policies:
              - jwt:
                  - action:
                      checkCredentialExistence: false
                      secretOrPublicKey: |
                        %3$s
              - proxy: [{action: {serviceEndpoint: backend}}]
          es384:
            apiEndpoints: [es384]
            policies:
              - jwt: [{action: {secretOrPublicKeyFile: p384.pem, checkCredentialExistence: false}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          es512:
            apiEndpoints: [es512]
            policies:
              - jwt: [{action: {secretOrPublicKeyFile: p521.pem, checkCredentialExistence: false}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          eddsa:
            apiEndpoints: [eddsa]
            policies:
              - jwt: [{action: {secretOrPublicKeyFile: ed25519.pem, checkCredentialExistence: false}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          free:
            apiEndpoints: [free, freeScoped]
            policies:
              - jwt:
                  - action:
                      secretOrPublicKey: '%1$s'
                      checkCredentialExistence: false
                      forwardClaims: {email: x-user-email, roles: x-user-roles, tenant: x-tenant}
              - proxy: [{action: {serviceEndpoint: backend}}]
          tolerant:
            apiEndpoints: [tolerant]
            policies:
              - jwt: [{action: {secretOrPublicKey: '%1$s', checkCredentialExistence: false, clockTolerance: 60}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          strict:
            apiEndpoints: [strict]
            policies:
              - jwt:
                  - action:
                      secretOrPublicKey: '%1$s'
                      checkCredentialExistence: false
                      issuer: [https://a.example.com/, https://b.example.com/]
                      audience: orders-api
                      requiredClaims: [jti]
                      algorithms: [HS384]
              - proxy: [{action: {serviceEndpoint: backend}}]
          ownSecret:
            apiEndpoints: [ownSecret]
            policies:
              - jwt: [{action: {}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
          open:
            apiEndpoints: [open]
            policies:
              - jwt: [{action: {secretOrPublicKey: '%1$s', passThrough: true}}]
              - proxy: [{action: {serviceEndpoint: backend}}]
        """
            .formatted(SECRET, OTHER_SECRET, p256);
    gateway = AuthGateway.start(dir, config);
    adaId = gateway.createUser("ada");
    gateway.createScopes("orders:read");
    keyId = gateway.createCredential("ada", "jwt", new JsonObject()).getString("keyId");
    scopedKeyId =
        gateway
            .createCredential(
                "ada", "jwt", new JsonObject().put("scopes", new JsonArray().add("orders:read")))
            .getString("keyId");
    ownSecretKeyId =
        gateway
            .createCredential("ada", "jwt", new JsonObject().put("keySecret", "ada-own-secret"))
            .getString("keyId");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String hs256(JWTClaimsSet claims) {
    return hmac("HS256", SECRET, claims);
  }

  private static String hmac(String algorithm, String secret, JWTClaimsSet claims) {
    return sign(algorithm, null, claims, signer(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static String rs256(JWTClaimsSet claims) {
    return sign("RS256", null, claims, signer(RSA.getPrivate()));
  }

  private HttpResponse<String> bearer(String path, String token) {
    return gateway.get(path, "Authorization", "Bearer " + token);
  }

  private static Date inSeconds(long seconds) {
    return Date.from(Instant.now().plusSeconds(seconds));
  }

  // --- compat 7 item 18: controlled mode

  @Test
  void aTokenWhoseSubjectIsAnActiveJwtCredentialIsTheCredentialsConsumer() {
    HttpResponse<String> answer = bearer("/hs", hs256(claims(keyId).build()));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(answer).getString("eg-consumer-id")).isEqualTo(adaId);
    assertThat(upstreamHeaders(answer).getString("eg-request-id")).isNotBlank();
    assertThat(upstreamHeaders(answer).getString("authorization")).startsWith("Bearer ");
  }

  @Test
  void aMissingTokenIsRefusedWithTheBearerChallenge() {
    HttpResponse<String> answer = gateway.get("/hs");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("www-authenticate"))
        .hasValue("Bearer realm=\"gatehouse\"");
    assertThat(problem(answer).getString("code")).isEqualTo("auth.missing");
  }

  @Test
  void controlledModeRefusesTokensWithoutOrWithAnUnknownOrInactiveSubject() {
    String inactive = gateway.createCredential("ada", "jwt", new JsonObject()).getString("keyId");
    gateway.setCredentialActive("jwt", inactive, false);
    List<JWTClaimsSet> refused =
        List.of(claims(null).build(), claims("no-such-key").build(), claims(inactive).build());
    for (JWTClaimsSet claims : refused) {
      HttpResponse<String> answer = bearer("/hs", hs256(claims));

      assertThat(answer.statusCode()).as(claims.toString()).isEqualTo(401);
      assertThat(problem(answer).getString("code")).isEqualTo("auth.invalid");
      assertThat(answer.headers().firstValue("www-authenticate"))
          .hasValue("Bearer realm=\"gatehouse\", error=\"invalid_token\"");
    }
  }

  @Test
  void anIncorrectlySignedTokenIsInvalid() {
    HttpResponse<String> answer = bearer("/hs", hmac("HS256", OTHER_SECRET, claims(keyId).build()));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(problem(answer).getString("code")).isEqualTo("auth.invalid");
  }

  @Test
  void anExpiredTokenIsRefusedAsExpiredAndAFutureNbfAsInvalid() {
    HttpResponse<String> expired =
        bearer(
            "/hs",
            hs256(claims(keyId).issueTime(inSeconds(-310)).expirationTime(inSeconds(-10)).build()));
    HttpResponse<String> early =
        bearer("/hs", hs256(claims(keyId).notBeforeTime(inSeconds(120)).build()));
    HttpResponse<String> inTime =
        bearer("/hs", hs256(claims(keyId).notBeforeTime(inSeconds(-5)).build()));

    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(problem(expired).getString("code")).isEqualTo("auth.expired");
    assertThat(expired.headers().firstValue("www-authenticate").orElseThrow())
        .contains("error=\"invalid_token\"", "error_description=\"The token expired\"");
    assertThat(early.statusCode()).isEqualTo(401);
    assertThat(problem(early).getString("code")).isEqualTo("auth.invalid");
    assertThat(inTime.statusCode()).isEqualTo(200);
  }

  @Test
  void anRs256KeyFileWithTheQueryExtractorWorks() {
    assertThat(gateway.get("/rs-query?token=" + rs256(claims(keyId).build())).statusCode())
        .isEqualTo(200);
    assertThat(gateway.get("/rs-query?token=" + hs256(claims(keyId).build())).statusCode())
        .isEqualTo(401);
    assertThat(bearer("/rs-query", rs256(claims(keyId).build())).statusCode()).isEqualTo(401);
  }

  @Test
  void twoPipelinesWithDifferentSecretsBothWork() {
    assertThat(bearer("/hs", hs256(claims(keyId).build())).statusCode()).isEqualTo(200);
    assertThat(bearer("/hs2", hmac("HS256", OTHER_SECRET, claims(keyId).build())).statusCode())
        .isEqualTo(200);
    assertThat(bearer("/hs2", hs256(claims(keyId).build())).statusCode()).isEqualTo(401);
  }

  @Test
  void uncontrolledModeAcceptsAnyCorrectlySignedTokenAsItsSubject() {
    HttpResponse<String> answer = bearer("/free", hs256(claims("someone@idp").build()));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(answer).getString("eg-consumer-id")).isEqualTo("someone@idp");
  }

  @Test
  void withoutAKeyOfItsOwnAStepVerifiesWithTheSubjectsCredentialSecret() {
    String token = hmac("HS256", "ada-own-secret", claims(ownSecretKeyId).build());
    String forged = hmac("HS256", "guess", claims(ownSecretKeyId).build());
    String otherSubject = hmac("HS256", "ada-own-secret", claims(keyId).build());

    assertThat(bearer("/own-secret", token).statusCode()).isEqualTo(200);
    assertThat(bearer("/own-secret", forged).statusCode()).isEqualTo(401);
    assertThat(bearer("/own-secret", otherSubject).statusCode()).isEqualTo(401);
  }

  // --- every algorithm

  @Test
  void everyHmacAlgorithmVerifies() {
    for (String algorithm : List.of("HS256", "HS384", "HS512")) {
      assertThat(bearer("/hs", hmac(algorithm, SECRET, claims(keyId).build())).statusCode())
          .as(algorithm)
          .isEqualTo(200);
    }
  }

  @Test
  void everyRsaAlgorithmVerifies() {
    for (String algorithm : List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")) {
      String token = sign(algorithm, null, claims("x").build(), signer(RSA.getPrivate()));
      assertThat(bearer("/rs", token).statusCode()).as(algorithm).isEqualTo(200);
    }
  }

  @Test
  void everyEcAlgorithmAndEdDsaVerify() {
    Map<String, Object[]> cases =
        Map.of(
            "/es256", new Object[] {"ES256", P256},
            "/es384", new Object[] {"ES384", P384},
            "/es512", new Object[] {"ES512", P521},
            "/eddsa", new Object[] {"EdDSA", ED25519});
    cases.forEach(
        (path, spec) -> {
          KeyPair pair = (KeyPair) spec[1];
          String token =
              sign((String) spec[0], null, claims("x").build(), signer(pair.getPrivate()));
          String wrongKey =
              sign("ES256", null, claims("x").build(), signer(Tokens.ec("secp256r1").getPrivate()));

          assertThat(bearer(path, token).statusCode()).as(path).isEqualTo(200);
          assertThat(bearer(path, wrongKey).statusCode()).as(path).isEqualTo(401);
        });
  }

  // --- attacks

  @Test
  void anUnsignedTokenIsRefused() {
    String none = new PlainJWT(claims("x").build()).serialize();

    assertThat(bearer("/rs", none).statusCode()).isEqualTo(401);
    assertThat(bearer("/hs", new PlainJWT(claims(keyId).build()).serialize()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void anHmacTokenKeyedWithThePublicKeyIsRefused() {
    String pem = Tokens.pem(RSA.getPublic());
    for (String secret : List.of(pem, pem.strip())) {
      String confused = hmac("HS256", secret, claims("x").build());
      assertThat(bearer("/rs", confused).statusCode()).isEqualTo(401);
    }
    String derKeyed =
        sign("HS256", null, claims("x").build(), signer(RSA.getPublic().getEncoded()));
    assertThat(bearer("/rs", derKeyed).statusCode()).isEqualTo(401);
  }

  @Test
  void tokensThatBringTheirOwnKeyAreRefused() throws Exception {
    JWTClaimsSet claims = claims("x").build();
    List<JWSHeader> headers =
        List.of(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwkURL(new URI("http://127.0.0.1:1/jwks.json"))
                .build(),
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwk(Tokens.jwk(ATTACKER, "attacker").toPublicJWK())
                .build(),
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .x509CertURL(new URI("http://127.0.0.1:1/cert.pem"))
                .build());
    for (JWSHeader header : headers) {
      String withAttackerKey = sign(header, claims, signer(ATTACKER.getPrivate()));
      String withRightKey = sign(header, claims, signer(RSA.getPrivate()));

      assertThat(bearer("/rs", withAttackerKey).statusCode()).as(header.toString()).isEqualTo(401);
      assertThat(bearer("/rs", withRightKey).statusCode()).as(header.toString()).isEqualTo(401);
    }
  }

  @Test
  void anUnderstoodCriticalHeaderIsRequiredAndOthersAreRefused() {
    JWSHeader critical =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .criticalParams(Set.of("x-must-understand"))
            .customParam("x-must-understand", true)
            .build();

    String token = sign(critical, claims("x").build(), signer(RSA.getPrivate()));

    assertThat(bearer("/rs", token).statusCode()).isEqualTo(401);
  }

  @Test
  void oversizedAndMalformedTokensAreRefused() {
    String huge = rs256(claims("x").claim("padding", "p".repeat(10_000)).build());
    String valid = rs256(claims("x").build());
    String[] malformed = {
      huge,
      "abc",
      "a.b.c",
      valid + ".extra.parts",
      valid.substring(0, valid.length() - 4),
      valid.replace('.', '!'),
      "e30.e30.e30"
    };
    for (String token : malformed) {
      HttpResponse<String> answer = bearer("/rs", token);

      assertThat(answer.statusCode())
          .as(token.substring(0, Math.min(40, token.length())))
          .isEqualTo(401);
      assertThat(problem(answer).getString("code")).isEqualTo("auth.invalid");
    }
    assertThat(bearer("/rs", valid).statusCode()).isEqualTo(200);
  }

  // --- claims

  @Test
  void clockToleranceAcceptsSlightlyExpiredTokensOnlyWhereConfigured() {
    // Issued before they expired: a token whose exp precedes its iat is malformed.
    String justExpired =
        hs256(claims("x").issueTime(inSeconds(-320)).expirationTime(inSeconds(-20)).build());
    String longExpired =
        hs256(claims("x").issueTime(inSeconds(-420)).expirationTime(inSeconds(-120)).build());
    String almostValid = hs256(claims("x").notBeforeTime(inSeconds(20)).build());

    assertThat(bearer("/tolerant", justExpired).statusCode()).isEqualTo(200);
    assertThat(bearer("/tolerant", almostValid).statusCode()).isEqualTo(200);
    assertThat(bearer("/tolerant", longExpired).statusCode()).isEqualTo(401);
    assertThat(bearer("/free", justExpired).statusCode()).isEqualTo(401);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
    Instant expires = Instant.now().plusSeconds(2);
    String token = hs256(claims("x").expirationTime(Date.from(expires)).build());

    assertThat(bearer("/free", token).statusCode()).isEqualTo(200);
    assertThat(bearer("/free", token).statusCode()).as("again, remembered").isEqualTo(200);
    Thread.sleep(Math.max(0, expires.toEpochMilli() - System.currentTimeMillis()) + 1_500);

    HttpResponse<String> expired = bearer("/free", token);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(problem(expired).getString("code")).isEqualTo("auth.expired");
  }

  @Test
  void issuerAudienceRequiredClaimsAndAlgorithmsAreChecked() {
    JWTClaimsSet.Builder good =
        claims("x").issuer("https://b.example.com/").audience("orders-api").jwtID("1");

    assertThat(bearer("/strict", hmac("HS384", SECRET, good.build())).statusCode()).isEqualTo(200);
    assertThat(bearer("/strict", hmac("HS256", SECRET, good.build())).statusCode()).isEqualTo(401);
    assertThat(
            bearer("/strict", hmac("HS384", SECRET, good.issuer("https://c.example.com/").build()))
                .statusCode())
        .isEqualTo(401);
    JWTClaimsSet.Builder wrongAudience =
        claims("x").issuer("https://a.example.com/").audience("billing").jwtID("1");
    assertThat(bearer("/strict", hmac("HS384", SECRET, wrongAudience.build())).statusCode())
        .isEqualTo(401);
    JWTClaimsSet.Builder noJti =
        claims("x").issuer("https://a.example.com/").audience("orders-api");
    assertThat(bearer("/strict", hmac("HS384", SECRET, noJti.build())).statusCode()).isEqualTo(401);
  }

  @Test
  void forwardedClaimsReachTheUpstreamAndClientsCannotForgeThem() {
    String token =
        hs256(
            claims("x")
                .claim("email", "ada@example.com")
                .claim("roles", List.of("admin", "ops"))
                .build());

    HttpResponse<String> answer =
        gateway.get(
            "/free",
            "Authorization",
            "Bearer " + token,
            "x-tenant",
            "forged",
            "x-user-email",
            "forged");

    JsonObject upstream = upstreamHeaders(answer);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(upstream.getString("x-user-email")).isEqualTo("ada@example.com");
    assertThat(upstream.getString("x-user-roles")).isEqualTo("admin,ops");
    assertThat(upstream.containsKey("x-tenant")).as("a claim the token lacks").isFalse();
  }

  // --- scopes

  @Test
  void tokenScopesFromScopeOrScpMustCoverTheEndpointsScopes() {
    String both = hs256(claims("x").claim("scope", "orders:read orders:write profile").build());
    String asList = hs256(claims("x").claim("scp", List.of("orders:read", "orders:write")).build());
    String one = hs256(claims("x").claim("scope", "orders:read").build());

    assertThat(bearer("/free-scoped", both).statusCode()).isEqualTo(200);
    assertThat(bearer("/free-scoped", asList).statusCode()).isEqualTo(200);
    HttpResponse<String> lacking = bearer("/free-scoped", one);
    assertThat(lacking.statusCode()).isEqualTo(403);
    assertThat(problem(lacking).getString("code")).isEqualTo("auth.insufficient_scope");
    assertThat(lacking.headers().firstValue("www-authenticate"))
        .hasValue(
            "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", scope=\"orders:read"
                + " orders:write\"");
  }

  @Test
  void inControlledModeTheCredentialsScopesCountNotTheTokens() {
    String claimsScopes = hs256(claims(keyId).claim("scope", "orders:read").build());
    String credentialScopes = hs256(claims(scopedKeyId).build());

    assertThat(bearer("/hs-scoped", claimsScopes).statusCode()).isEqualTo(403);
    assertThat(bearer("/hs-scoped", credentialScopes).statusCode()).isEqualTo(200);
  }

  @Test
  void passThroughLetsAnAnonymousRequestThroughAndSaysSo() {
    HttpResponse<String> anonymous = gateway.get("/open");
    HttpResponse<String> forged = bearer("/open", hmac("HS256", "guess", claims(keyId).build()));
    HttpResponse<String> valid = bearer("/open", hs256(claims(keyId).build()));

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.headers().firstValue("eg-consumer-id")).hasValue("anonymous");
    assertThat(forged.headers().firstValue("eg-consumer-id")).hasValue("anonymous");
    assertThat(upstreamHeaders(forged).containsKey("eg-consumer-id")).isFalse();
    assertThat(upstreamHeaders(valid).getString("eg-consumer-id")).isEqualTo(adaId);
  }
}
