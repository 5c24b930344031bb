package dev.gatehouse.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.LocalIssuer;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code localIssuer: true}: the gateway's own tokens are trusted with its issuer's keys, read in
 * process (no key file, no JWKS URL); its issuer name is required; a key rotated in is trusted on
 * first use; in controlled mode the application and user the token names must still be active.
 */
class LocalIssuerPolicyTest {

  private static final String ISSUER = "https://gw.example";

  private final ECKey first = ec("k1");
  private final ECKey second = ec("k2");
  private final FakeIssuer issuer = new FakeIssuer();
  private final FakeIdentity identity = new FakeIdentity();
  private PolicyHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(ECKey key, String iss, String app, String user) {
    try {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .issuer(iss)
              .subject(user != null ? user : app)
              .claim("consumerId", app)
              .claim("client_id", app)
              .claim("scope", "read")
              .jwtID("jti-1")
              .expirationTime(Date.from(Instant.now().plusSeconds(300)));
      if (user != null) {
        claims.claim("authenticatedUserId", user);
      }
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
              claims.build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private PolicyHarness policy(String action) {
    harness =
        PolicyHarness.of(new JwtPolicyFactory())
            .withService(LocalIssuer.class, issuer)
            .withService(IdentityService.class, identity)
            .withAction(action);
    return harness;
  }

  private Response answer(String token) {
    var run =
        harness.run(
            TestRequest.get("/")
                .endpoint("api", List.of("read"))
                .header("authorization", "Bearer " + token));
    return run.outcome().proceeds() ? null : run.outcome().response();
  }

  @Test
  void theGatewaysOwnTokensAreTrustedWithoutAKeyAndOthersAreNot() {
    issuer.publish(first);
    policy("{localIssuer: true, checkCredentialExistence: false}");

    var run =
        harness.run(
            TestRequest.get("/")
                .endpoint("api", List.of("read"))
                .header("authorization", "Bearer " + token(first, ISSUER, "app-1", null)));

    assertThat(run.outcome().proceeds()).isTrue();
    ConsumerIdentity consumer = run.exchange().consumer().orElseThrow();
    assertThat(consumer.id()).isEqualTo("app-1");
    assertThat(consumer.scopes()).containsExactly("read");
    assertThat(answer(token(first, "https://someone-else", "app-1", null)).status())
        .as("another issuer's name")
        .isEqualTo(401);
    assertThat(answer(token(ec("k1"), ISSUER, "app-1", null)).status())
        .as("a key the gateway never published, with a known kid")
        .isEqualTo(401);
  }

  @Test
  void aKeyRotatedInIsTrustedOnItsFirstTokenAndReadsAreBounded() {
    issuer.publish(first);
    policy("{localIssuer: true, checkCredentialExistence: false}");
    assertThat(answer(token(first, ISSUER, "app-1", null))).isNull();
    int reads = issuer.reads.get();

    issuer.publish(first, second);
    assertThat(answer(token(second, ISSUER, "app-1", null))).isNull();
    assertThat(issuer.reads.get()).isEqualTo(reads + 1);

    for (int i = 0; i < 10; i++) {
      assertThat(answer(token(ec("made-up-" + i), ISSUER, "app-1", null)).status()).isEqualTo(401);
    }
    assertThat(issuer.reads.get()).as("unknown kids within the cooldown").isLessThan(reads + 3);
  }

  @Test
  void controlledModeRequiresTheTokensApplicationAndUserToBeActive() {
    issuer.publish(first);
    identity.add(new Consumer("app-1", Consumer.APPLICATION, "billing", "user-1", true, Map.of()));
    identity.add(new Consumer("user-1", Consumer.USER, "ada", null, true, Map.of()));
    identity.add(new Consumer("app-2", Consumer.APPLICATION, "old", "user-1", false, Map.of()));
    identity.add(new Consumer("user-2", Consumer.USER, "bob", null, false, Map.of()));
    policy("{localIssuer: true}");

    var run =
        harness.run(
            TestRequest.get("/")
                .endpoint("api", List.of("read"))
                .header("authorization", "Bearer " + token(first, ISSUER, "app-1", "user-1")));
    assertThat(run.outcome().proceeds()).isTrue();
    assertThat(run.exchange().consumer().orElseThrow().name()).isEqualTo("billing");

    assertThat(answer(token(first, ISSUER, "app-2", null)).status()).isEqualTo(401);
    assertThat(answer(token(first, ISSUER, "app-1", "user-2")).status()).isEqualTo(401);
    assertThat(answer(token(first, ISSUER, "gone", null)).status()).isEqualTo(401);
  }

  @Test
  void anIssuerListMustIncludeTheGatewaysOwnAndKeysAreNotMixed() {
    assertThatThrownBy(() -> policy("{localIssuer: true, issuer: 'https://other'}"))
        .hasMessageContaining("must include the gateway's own, " + ISSUER);
    assertThatThrownBy(
            () -> policy("{localIssuer: true, jwksUri: 'https://issuer.example/jwks.json'}"))
        .hasMessageContaining("give only one of jwksUri, localIssuer");
  }

  /** The gateway's issuer: a mutable published key set, counting reads. */
  static final class FakeIssuer implements LocalIssuer {
    final AtomicInteger reads = new AtomicInteger();
    private volatile JsonObject jwks = new JsonObject().put("keys", new JsonArray());

    void publish(ECKey... keys) {
      JsonArray list = new JsonArray();
      for (ECKey key : keys) {
        list.add(new JsonObject(key.toPublicJWK().toJSONString()));
      }
      jwks = new JsonObject().put("keys", list);
    }

    @Override
    public String issuer() {
      return ISSUER;
    }

    @Override
    public Future<JsonObject> jwks() {
      reads.incrementAndGet();
      return Future.succeededFuture(jwks.copy());
    }
  }

  /** Consumers by id; nothing else is asked of it here. */
  static final class FakeIdentity implements IdentityService {
    private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();

    void add(Consumer consumer) {
      consumers.put(consumer.id(), consumer);
    }

    @Override
    public Future<Optional<Consumer>> findConsumerById(String id) {
      return Future.succeededFuture(Optional.ofNullable(consumers.get(id)));
    }

    @Override
    public Future<Optional<Consumer>> findConsumer(String idOrName) {
      return findConsumerById(idOrName);
    }

    @Override
    public Future<Optional<Credential>> findCredential(String type, String id) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Boolean> verifySecret(Credential credential, String presented) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<Optional<String>> sharedSecret(Credential credential) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Set<String>> scopes() {
      return Future.succeededFuture(Set.of());
    }
  }
}
