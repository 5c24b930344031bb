package dev.gatehouse.core.identity.oauth2;

import static dev.gatehouse.core.identity.Futures.await;
import static dev.gatehouse.core.identity.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.oauth2.AuthorizationCode;
import dev.gatehouse.api.oauth2.Grant;
import dev.gatehouse.api.oauth2.IssuedToken;
import dev.gatehouse.api.oauth2.LoginSession;
import dev.gatehouse.api.oauth2.Rotation;
import dev.gatehouse.api.oauth2.SigningKey;
import dev.gatehouse.api.oauth2.StoredToken;
import dev.gatehouse.api.oauth2.TokenType;
import dev.gatehouse.core.identity.GrantStore;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.secret.Secrets;
import dev.gatehouse.core.identity.secret.SharedSecretCipher;
import dev.gatehouse.core.identity.store.InMemoryIdentityStore;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The token service over a real (in-memory) store: token shapes and hashing, expiry by the
 * configured lifetimes, refresh rotation with replay detection, single-use codes, sessions, and the
 * generated signing keys with their rotation.
 */
@ExtendWith(BlockedThreadGuard.class)
class GrantServiceTest {

  private static final String CIPHER_KEY = "test cipher key";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  private Vertx vertx;
  private IdentityStore store;
  private GrantService service;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    store = new InMemoryIdentityStore(vertx);
    service =
        new GrantService(
            vertx,
            store.grants(),
            OAuth2Settings.of(
                new JsonObject()
                    .put("accessTokens", new JsonObject().put("timeToExpiry", 60_000))
                    .put("refreshTokens", new JsonObject().put("timeToExpiry", 600_000))
                    .put("authorizationCodes", new JsonObject().put("timeToExpiry", 30_000))),
            new Secrets(4, new SharedSecretCipher(CIPHER_KEY)),
            CIPHER_KEY,
            clock);
  }

  @AfterEach
  void stop() {
    service.close();
    store.close();
    await(vertx.close());
  }

  private static Grant grant() {
    return Grant.builder("client-1")
        .user("user-1")
        .scopes(Set.of("write", "read"))
        .type("password")
        .build();
  }

  @Test
  void anAccessTokenHasExpressGatewaysShapeAndIsStoredOnlyAsAHash() {
    IssuedToken issued = await(service.issueAccessToken(grant()));

    assertThat(issued.value()).matches("[0-9a-f]{32}\\|[0-9a-f]{32}");
    String id = issued.value().substring(0, 32);
    String secret = issued.value().substring(33);
    Map<String, String> stored =
        await(store.grants().get(GrantStore.Kind.ACCESS_TOKEN, id, clock.millis())).orElseThrow();
    assertThat(stored.values()).noneMatch(value -> value.contains(secret));
    assertThat(stored)
        .containsEntry("consumerId", "client-1")
        .containsEntry("authenticatedUserId", "user-1")
        .containsEntry("scopes", "[\"read\",\"write\"]")
        .containsEntry("expiresAt", Long.toString(clock.millis() + 60_000));

    StoredToken found = await(service.findAccessToken(issued.value())).orElseThrow();
    assertThat(found.type()).isEqualTo(TokenType.ACCESS);
    assertThat(found.grant().scopes()).containsExactly("read", "write");
    assertThat(found.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
  }

  @Test
  void aWrongSecretAMalformedTokenAndAnExpiredTokenAreNotFound() {
    IssuedToken issued = await(service.issueAccessToken(grant()));
    String id = issued.value().substring(0, 32);

    assertThat(await(service.findAccessToken(id + "|" + "0".repeat(32)))).isEmpty();
    assertThat(await(service.findAccessToken(id))).isEmpty();
    assertThat(await(service.findAccessToken("a|b|c"))).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    assertThat(await(service.findAccessToken(issued.value()))).isEmpty();
  }

  @Test
  void everyIssueMakesAFreshToken() {
    IssuedToken first = await(service.issueAccessToken(grant()));
    IssuedToken second = await(service.issueAccessToken(grant()));

    assertThat(first.value()).isNotEqualTo(second.value());
  }

  @Test
  void aTokenOfAnExpressGatewayStoreWithAnEncryptedSecretIsAccepted() {
    OpaqueTokens eg = new OpaqueTokens(CIPHER_KEY);
    String id = "0123456789abcdef0123456789abcdef";
    String secret = "fedcba9876543210fedcba9876543210";
    await(
        store
            .grants()
            .put(
                GrantStore.Kind.ACCESS_TOKEN,
                id,
                Map.of(
                    "id",
                    id,
                    "consumerId",
                    "client-1",
                    "scopes",
                    "[\"read\"]",
                    "tokenEncrypted",
                    eg.encryptExpressGateway(secret)),
                clock.millis() + 60_000));

    assertThat(await(service.findAccessToken(id + "|" + secret))).isPresent();
    assertThat(await(service.findAccessToken(id + "|" + "1".repeat(32)))).isEmpty();
  }

  @Test
  void aRefreshTokenRotatesOnceAndItsReplayRevokesTheWholeFamily() {
    IssuedToken refresh = await(service.issueRefreshToken(grant(), null));
    String family = refresh.token().familyId();
    IssuedToken access = await(service.issueAccessToken(grant(), family));
    assertThat(family).isNotNull();

    Rotation first = await(service.useRefreshToken(refresh.value()));
    assertThat(first.status()).isEqualTo(Rotation.Status.ROTATED);
    IssuedToken next = await(service.issueRefreshToken(first.token().grant(), family));
    IssuedToken nextAccess = await(service.issueAccessToken(first.token().grant(), family));
    assertThat(await(service.findRefreshToken(refresh.value()))).as("spent").isEmpty();
    assertThat(await(service.findRefreshToken(next.value()))).isPresent();

    Rotation replay = await(service.useRefreshToken(refresh.value()));

    assertThat(replay.status()).isEqualTo(Rotation.Status.REPLAYED);
    assertThat(await(service.findRefreshToken(next.value()))).isEmpty();
    assertThat(await(service.findAccessToken(access.value()))).isEmpty();
    assertThat(await(service.findAccessToken(nextAccess.value()))).isEmpty();
    assertThat(await(service.useRefreshToken(next.value())).status())
        .isEqualTo(Rotation.Status.INVALID);
    assertThat(failure(service.issueRefreshToken(grant(), family)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWrongSecretDoesNotSpendARefreshToken() {
    IssuedToken refresh = await(service.issueRefreshToken(grant(), null));
    String id = refresh.value().substring(0, 32);

    assertThat(await(service.useRefreshToken(id + "|" + "0".repeat(32))).status())
        .isEqualTo(Rotation.Status.INVALID);
    assertThat(await(service.useRefreshToken(refresh.value())).status())
        .isEqualTo(Rotation.Status.ROTATED);
  }

  @Test
  void revokingAnAccessTokenOrARefreshTokensFamily() {
    IssuedToken access = await(service.issueAccessToken(grant()));
    assertThat(await(service.findAccessToken(access.value()))).isPresent(); // cached now

    assertThat(await(service.revokeToken(access.value()))).isTrue();
    assertThat(await(service.findAccessToken(access.value()))).isEmpty();
    assertThat(await(service.revokeToken(access.value()))).isFalse();

    IssuedToken refresh = await(service.issueRefreshToken(grant(), null));
    IssuedToken sibling = await(service.issueAccessToken(grant(), refresh.token().familyId()));
    assertThat(await(service.revokeToken(refresh.value()))).isTrue();
    assertThat(await(service.findRefreshToken(refresh.value()))).isEmpty();
    assertThat(await(service.findAccessToken(sibling.value()))).isEmpty();
  }

  @Test
  void aCodeIsRedeemedOnceWithItsPkceChallengeAndNotAfterItExpires() {
    Grant grant = grant().toBuilder().redirectUri("https://app.example/cb").type(null).build();
    String code = await(service.issueCode(grant, "challenge", "S256"));
    assertThat(code).matches("[0-9a-f]{32}");

    AuthorizationCode redeemed = await(service.redeemCode(code)).orElseThrow();
    assertThat(redeemed.grant().clientId()).isEqualTo("client-1");
    assertThat(redeemed.grant().userId()).isEqualTo("user-1");
    assertThat(redeemed.grant().redirectUri()).isEqualTo("https://app.example/cb");
    assertThat(redeemed.grant().scopes()).containsExactly("read", "write");
    assertThat(redeemed.codeChallenge()).isEqualTo("challenge");
    assertThat(redeemed.codeChallengeMethod()).isEqualTo("S256");
    assertThat(await(service.redeemCode(code))).isEmpty();

    String late = await(service.issueCode(grant, null, null));
    clock.advance(Duration.ofSeconds(31));
    assertThat(await(service.redeemCode(late))).isEmpty();
  }

  @Test
  void aSessionKeepsItsUserAndAttributesUntilDeleted() {
    LoginSession created = await(service.createSession(Map.of("csrf", "t1")));
    assertThat(created.id()).hasSizeGreaterThanOrEqualTo(43);

    await(service.saveSession(created.withUser("user-1").withAttribute("returnTo", "/x")));

    LoginSession found = await(service.findSession(created.id())).orElseThrow();
    assertThat(found.userId()).isEqualTo("user-1");
    assertThat(found.attributes()).containsEntry("csrf", "t1").containsEntry("returnTo", "/x");
    await(service.deleteSession(created.id()));
    assertThat(await(service.findSession(created.id()))).isEmpty();
    assertThat(await(service.findSession("forged"))).isEmpty();
  }

  @Test
  void theKeySetReadBeforeTheFirstKeyExistsIsNotKeptOnceAKeySigns() {
    assertThat(kids(await(service.jwks()))).isEmpty();

    SigningKey key = await(service.signingKey());

    assertThat(kids(await(service.jwks()))).containsExactly(key.keyId());
  }

  @Test
  void theFirstSigningKeyIsGeneratedOnceAndARotatedKeyStaysPublishedForOneTokenLifetime() {
    SigningKey first = await(service.signingKey());
    assertThat(first.algorithm()).isEqualTo("ES256");
    assertThat(first.privateJwk().getString("d")).isNotBlank();
    assertThat(first.publicJwk().containsKey("d")).isFalse();
    assertThat(first.publicJwk().getString("kid")).isEqualTo(first.keyId());
    assertThat(await(service.signingKey()).keyId()).isEqualTo(first.keyId());

    clock.advance(Duration.ofSeconds(1));
    String second = await(service.rotateSigningKey());

    assertThat(second).isNotEqualTo(first.keyId());
    assertThat(await(service.signingKey()).keyId()).isEqualTo(second);
    assertThat(kids(await(service.jwks()))).containsExactly(second, first.keyId());
    clock.advance(Duration.ofSeconds(61));
    assertThat(kids(await(service.jwks()))).containsExactly(second);
    assertThat(await(service.publishedKeys()))
        .extracting(SigningKey::keyId)
        .containsExactly(second);
    assertThat(await(store.grants().signingKeys())).hasSize(1);
  }

  @Test
  void aConfiguredKeySignsIsPublishedAndCannotBeRotatedHere() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    GrantService configured =
        withAccessTokens(new JsonObject().put("tokenType", "jwt").put("secretOrPrivateKey", pem));
    try {
      SigningKey key = await(configured.signingKey());
      assertThat(key.algorithm()).isEqualTo("ES384");
      assertThat(kids(await(configured.jwks()))).containsExactly(key.keyId());
      assertThat(failure(configured.rotateSigningKey()))
          .isInstanceOf(IdentityException.class)
          .hasMessageContaining("rotate it there");
      assertThat(configured.settings().getJsonObject("accessTokens").fieldNames())
          .doesNotContain("secretOrPrivateKey");
      assertThat(await(store.grants().signingKeys())).isEmpty();
    } finally {
      configured.close();
    }
  }

  @Test
  void aConfiguredSecretSignsButIsNeverPublished() {
    GrantService configured =
        withAccessTokens(
            new JsonObject()
                .put("tokenType", "jwt")
                .put("algorithm", "HS256")
                .put("secretOrPrivateKey", "a secret of at least thirty-two bytes"));
    try {
      assertThat(await(configured.signingKey()).algorithm()).isEqualTo("HS256");
      assertThat(await(configured.jwks()).getJsonArray("keys")).isEmpty();
      assertThat(await(configured.publishedKeys())).isEmpty();
    } finally {
      configured.close();
    }
  }

  private GrantService withAccessTokens(JsonObject accessTokens) {
    return new GrantService(
        vertx,
        store.grants(),
        OAuth2Settings.of(new JsonObject().put("accessTokens", accessTokens)),
        new Secrets(4, new SharedSecretCipher(CIPHER_KEY)),
        CIPHER_KEY,
        clock);
  }

  @Test
  void storedPrivateKeysAreEncrypted() {
    SigningKey key = await(service.signingKey());

    List<String> stored = await(store.grants().signingKeys());
    assertThat(stored).hasSize(1).noneMatch(text -> text.contains(key.privateJwk().getString("d")));
  }

  @Test
  void expiredItemsAreSweptFromTheStore() {
    IssuedToken access = await(service.issueAccessToken(grant()));
    clock.advance(Duration.ofSeconds(61));

    assertThat(await(service.sweep())).isEqualTo(1);
    assertThat(
            await(
                store
                    .grants()
                    .get(
                        GrantStore.Kind.ACCESS_TOKEN,
                        access.token().id(),
                        access.token().issuedAt().toEpochMilli())))
        .isEmpty();
  }

  private static List<String> kids(JsonObject jwks) {
    return jwks.getJsonArray("keys").stream()
        .map(key -> ((JsonObject) key).getString("kid"))
        .toList();
  }

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
