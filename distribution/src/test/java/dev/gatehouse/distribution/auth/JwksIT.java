package dev.gatehouse.distribution.auth;

import static dev.gatehouse.distribution.auth.AuthGateway.problem;
import static dev.gatehouse.distribution.auth.AuthGateway.upstreamHeaders;
import static dev.gatehouse.distribution.auth.Tokens.claims;
import static dev.gatehouse.distribution.auth.Tokens.sign;
import static dev.gatehouse.distribution.auth.Tokens.signer;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The shipped {@code jwt} plugin with an identity provider's JWKS, served by a local Vert.x server
 * the way Auth0, Keycloak or Okta serve theirs: every asymmetric algorithm through one key set, key
 * rotation, the rate limit on refreshes for unknown key ids, and an outage of the provider.
 */
@ExtendWith(BlockedThreadGuard.class)
class JwksIT {

  private static final String ISSUER = "https://tenant.example.com/";
  private static final String AUDIENCE = "https://orders.example.com";

  private static final KeyPair RSA_1 = Tokens.rsa();
  private static final KeyPair RSA_2 = Tokens.rsa();
  private static final KeyPair P256 = Tokens.ec("secp256r1");
  private static final KeyPair P384 = Tokens.ec("secp384r1");
  private static final KeyPair P521 = Tokens.ec("secp521r1");
  private static final KeyPair ED25519 = Tokens.ed25519();

  /** One key set per path, so each pipeline's JWKS can be rotated and broken on its own. */
  private static final Map<String, List<JWK>> KEYS = new ConcurrentHashMap<>();

  private static final Map<String, AtomicInteger> FETCHES = new ConcurrentHashMap<>();
  private static volatile int status = 200;

  private static final List<String> POLICY_LOG = new CopyOnWriteArrayList<>();
  private static final AppenderBase<ILoggingEvent> APPENDER =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          POLICY_LOG.add(event.getFormattedMessage());
        }
      };

  private static Vertx vertx;
  private static HttpServer provider;
  private static AuthGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    APPENDER.start();
    ((Logger) LoggerFactory.getLogger("gatehouse.policy.jwt")).addAppender(APPENDER);
    List<JWK> all =
        List.of(
            Tokens.jwk(RSA_1, "rsa-1"),
            Tokens.jwk(P256, "p256"),
            Tokens.jwk(P384, "p384"),
            Tokens.jwk(P521, "p521"),
            Tokens.jwk(ED25519, "ed25519"));
    for (String path : List.of("/all", "/rotation", "/limited", "/outage")) {
      KEYS.put(path, path.equals("/all") ? all : List.of(Tokens.jwk(RSA_1, "rsa-1")));
      FETCHES.put(path, new AtomicInteger());
    }
    vertx = Vertx.vertx();
    provider =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      String path = request.path().replace("/.well-known/jwks.json", "");
                      FETCHES.get(path).incrementAndGet();
                      if (path.equals("/outage") && status != 200) {
                        request.response().setStatusCode(status).end();
                        return;
                      }
                      request
                          .response()
                          .putHeader("content-type", "application/json")
                          .putHeader("cache-control", "public, max-age=3600")
                          .end(new JWKSet(KEYS.get(path)).toString(true));
                    })
                .listen(0, "127.0.0.1"));
    String jwks = "http://127.0.0.1:" + provider.actualPort();
    String config =
        """
        apiEndpoints:
          all: {paths: /all}
          rotation: {paths: /rotation}
          limited: {paths: /limited}
          outage: {paths: /outage}
        serviceEndpoints:
          backend: {url: '${BACKEND}'}
        policies: [jwt, proxy]
        pipelines:
          all:
            apiEndpoints: [all]
            policies:
              - jwt:
                  - action:
                      jwksUri: %1$s/all/.well-known/jwks.json
                      issuer: %2$s
                      audience: %3$s
                      checkCredentialExistence: false
                      jwksTimeoutMillis: 30000
                      forwardClaims: {sub: x-user}
              - proxy: [{action: {serviceEndpoint: backend}}]
          rotation:
            apiEndpoints: [rotation]
            policies:
              - jwt:
                  - action:
                      jwksUri: %1$s/rotation/.well-known/jwks.json
                      checkCredentialExistence: false
                      jwksTimeoutMillis: 30000
                      jwksRefreshCooldownSeconds: 0
              - proxy: [{action: {serviceEndpoint: backend}}]
          limited:
            apiEndpoints: [limited]
            policies:
              - jwt:
                  - action:
                      jwksUri: %1$s/limited/.well-known/jwks.json
                      checkCredentialExistence: false
                      jwksTimeoutMillis: 30000
                      jwksRefreshCooldownSeconds: 3600
              - proxy: [{action: {serviceEndpoint: backend}}]
          outage:
            apiEndpoints: [outage]
            policies:
              - jwt:
                  - action:
                      jwksUri: %1$s/outage/.well-known/jwks.json
                      checkCredentialExistence: false
                      jwksTimeoutMillis: 30000
                      jwksRefreshCooldownSeconds: 0
              - proxy: [{action: {serviceEndpoint: backend}}]
        """
            .formatted(jwks, ISSUER, AUDIENCE);
    gateway = AuthGateway.start(Files.createTempDirectory("jwks-it"), config);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger("gatehouse.policy.jwt")).detachAppender(APPENDER);
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(String algorithm, String kid, KeyPair pair) {
    return sign(
        algorithm,
        kid,
        claims("auth0|ada").issuer(ISSUER).audience(AUDIENCE).build(),
        signer(pair.getPrivate()));
  }

  private HttpResponse<String> bearer(String path, String token) {
    return gateway.get(path, "Authorization", "Bearer " + token);
  }

  @Test
  void everyAsymmetricAlgorithmVerifiesWithItsKeyFromTheSet() {
    Map<String, Object[]> cases =
        Map.ofEntries(
            Map.entry("RS256", new Object[] {"rsa-1", RSA_1}),
            Map.entry("RS384", new Object[] {"rsa-1", RSA_1}),
            Map.entry("RS512", new Object[] {"rsa-1", RSA_1}),
            Map.entry("PS256", new Object[] {"rsa-1", RSA_1}),
            Map.entry("PS384", new Object[] {"rsa-1", RSA_1}),
            Map.entry("PS512", new Object[] {"rsa-1", RSA_1}),
            Map.entry("ES256", new Object[] {"p256", P256}),
            Map.entry("ES384", new Object[] {"p384", P384}),
            Map.entry("ES512", new Object[] {"p521", P521}),
            Map.entry("EdDSA", new Object[] {"ed25519", ED25519}));
    cases.forEach(
        (algorithm, key) -> {
          HttpResponse<String> answer =
              bearer("/all", token(algorithm, (String) key[0], (KeyPair) key[1]));

          assertThat(answer.statusCode()).as(algorithm).isEqualTo(200);
          assertThat(upstreamHeaders(answer).getString("x-user")).isEqualTo("auth0|ada");
        });
    HttpResponse<String> otherKid = bearer("/all", token("ES256", "p384", P256));
    assertThat(otherKid.statusCode()).as("a kid naming a key of another curve").isEqualTo(401);
    String wrongIssuer =
        sign(
            "RS256",
            "rsa-1",
            claims("x").issuer("https://evil.example.com/").audience(AUDIENCE).build(),
            signer(RSA_1.getPrivate()));
    assertThat(bearer("/all", wrongIssuer).statusCode()).isEqualTo(401);
  }

  @Test
  void rotationPicksUpTheNewKeyOnFirstUseAndKeepsTheOldOneUntilItIsRemoved() {
    AtomicInteger fetches = FETCHES.get("/rotation");
    assertThat(bearer("/rotation", token("RS256", "rsa-1", RSA_1)).statusCode()).isEqualTo(200);
    int before = fetches.get();

    KEYS.put("/rotation", List.of(Tokens.jwk(RSA_1, "rsa-1"), Tokens.jwk(RSA_2, "rsa-2")));
    assertThat(bearer("/rotation", token("RS256", "rsa-2", RSA_2)).statusCode())
        .as("the new key, on its first use")
        .isEqualTo(200);
    assertThat(fetches.get()).isEqualTo(before + 1);
    assertThat(bearer("/rotation", token("RS256", "rsa-1", RSA_1)).statusCode())
        .as("the old key, still published")
        .isEqualTo(200);

    KEYS.put("/rotation", List.of(Tokens.jwk(RSA_2, "rsa-2")));
    assertThat(bearer("/rotation", token("RS256", "rsa-1", RSA_1)).statusCode())
        .as("the old key, until the set is fetched again")
        .isEqualTo(200);
    assertThat(bearer("/rotation", token("RS256", "rsa-3", Tokens.rsa())).statusCode())
        .isEqualTo(401);
    assertThat(bearer("/rotation", token("RS256", "rsa-1", RSA_1)).statusCode())
        .as("the old key, once removed")
        .isEqualTo(401);
    assertThat(bearer("/rotation", token("RS256", "rsa-2", RSA_2)).statusCode()).isEqualTo(200);
    // One fetch for rsa-2, one for rsa-3, one for rsa-1 once unknown (this step has no cooldown).
    assertThat(fetches.get()).isEqualTo(before + 3);
  }

  @Test
  void aFloodOfUnknownKeyIdsCostsOneFetchPerCooldown() {
    AtomicInteger fetches = FETCHES.get("/limited");
    assertThat(bearer("/limited", token("RS256", "rsa-1", RSA_1)).statusCode()).isEqualTo(200);
    int before = fetches.get();

    for (int i = 0; i < 25; i++) {
      HttpResponse<String> answer = bearer("/limited", token("RS256", "made-up-" + i, RSA_2));
      assertThat(answer.statusCode()).isEqualTo(401);
      assertThat(problem(answer).getString("code")).isEqualTo("auth.invalid");
    }

    assertThat(fetches.get()).isEqualTo(before + 1);
    assertThat(bearer("/limited", token("RS256", "rsa-1", RSA_1)).statusCode()).isEqualTo(200);
  }

  @Test
  void duringAnOutageTheLastGoodKeysKeepServingAndTheLogSaysSo() {
    assertThat(bearer("/outage", token("RS256", "rsa-1", RSA_1)).statusCode()).isEqualTo(200);
    status = 503;
    try {
      KEYS.put("/outage", List.of(Tokens.jwk(RSA_1, "rsa-1"), Tokens.jwk(RSA_2, "rsa-2")));

      assertThat(bearer("/outage", token("RS256", "rsa-2", RSA_2)).statusCode())
          .as("a key the provider cannot be asked about")
          .isEqualTo(401);
      assertThat(bearer("/outage", token("RS256", "rsa-1", RSA_1)).statusCode())
          .as("the last good keys")
          .isEqualTo(200);
      assertThat(POLICY_LOG)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("jwks_refresh_failed")
                      .contains("/outage/.well-known/jwks.json", "keys_kept=1"));
    } finally {
      status = 200;
    }
    assertThat(bearer("/outage", token("RS256", "rsa-2", RSA_2)).statusCode())
        .as("back, and the new key with it")
        .isEqualTo(200);
    assertThat(POLICY_LOG).noneMatch(line -> line.contains("eyJ"));
  }
}
