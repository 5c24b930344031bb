package dev.gatehouse.core.identity.oauth2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.api.oauth2.AuthorizationCode;
import dev.gatehouse.api.oauth2.Grant;
import dev.gatehouse.api.oauth2.IssuedToken;
import dev.gatehouse.api.oauth2.LocalIssuer;
import dev.gatehouse.api.oauth2.LoginSession;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.oauth2.Rotation;
import dev.gatehouse.api.oauth2.SigningKey;
import dev.gatehouse.api.oauth2.StoredToken;
import dev.gatehouse.api.oauth2.TokenType;
import dev.gatehouse.core.identity.EgDates;
import dev.gatehouse.core.identity.GrantStore;
import dev.gatehouse.core.identity.GrantStore.Kind;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.OAuth2Admin;
import dev.gatehouse.core.identity.secret.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's OAuth 2.0 state over a {@link GrantStore}: what the OAuth 2.0 plugin uses ({@link
 * OAuth2Store}) and what verifiers trust ({@link LocalIssuer}), plus token revocation for the Admin
 * API and key rotation for {@code bin/gatehouse keys rotate}.
 *
 * <p>Tokens are stored under their id with a hash of their secret, in Express Gateway's fields
 * ({@code consumerId}, {@code authenticatedUserId}, {@code scopes} as a sorted JSON array, {@code
 * expiresAt}, {@code createdAt}); codes and sessions under a digest of their value. Valid access
 * tokens are remembered for at most {@value #CACHE_SECONDS} seconds (never past their expiry), so
 * steady traffic costs no store round trip; a revocation is seen at once on this gateway and within
 * that time on the others of a cluster. A timer sweeps expired items every {@value #SWEEP_SECONDS}
 * seconds, on the store's own thread.
 *
 * <p>Thread-safe: the caches are Caffeine's or immutable values swapped atomically.
 */
public final class GrantService implements OAuth2Store, LocalIssuer, OAuth2Admin, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GrantService.class);

  static final long CACHE_SECONDS = 5;
  static final long SWEEP_SECONDS = 60;

  private final Vertx vertx;
  private final GrantStore store;
  private final OAuth2Settings settings;
  private final Clock clock;
  private final OpaqueTokens tokens;
  private final SigningKeys keys;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, CachedToken> accessTokens =
      Caffeine.newBuilder()
          .maximumSize(100_000)
          .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS))
          .build();
  private volatile Held<SigningKey> signingKey;
  private volatile Held<List<SigningKey>> publishedKeys;
  private final long sweeper;

  /** What the cache keeps of a token: the record, and the stored secret to check against. */
  private record CachedToken(StoredToken token, String tokenHash, String tokenEncrypted) {}

  /** A value fetched from the store, and until when it may be used without asking again. */
  private record Held<T>(T value, long until) {}

  /**
   * @param cipherKey {@code crypto.cipherKey}, for Express Gateway's encrypted token secrets
   */
  public GrantService(
      Vertx vertx,
      GrantStore store,
      OAuth2Settings settings,
      Secrets secrets,
      String cipherKey,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.tokens = new OpaqueTokens(cipherKey);
    this.keys = new SigningKeys(vertx, store, secrets, clock, settings.accessTokenLifetime());
    this.sweeper = vertx.setPeriodic(SWEEP_SECONDS * 1000, id -> sweep());
  }

  @Override
  public JsonObject settings() {
    return settings.sections();
  }

  // --- tokens

  @Override
  public Future<IssuedToken> issueAccessToken(Grant grant) {
    return issue(TokenType.ACCESS, grant, null);
  }

  @Override
  public Future<IssuedToken> issueAccessToken(Grant grant, String familyId) {
    return issue(TokenType.ACCESS, grant, familyId);
  }

  @Override
  public Future<IssuedToken> issueRefreshToken(Grant grant, String familyId) {
    return issue(TokenType.REFRESH, grant, familyId == null ? tokens.hex128() : familyId);
  }

  private Future<IssuedToken> issue(TokenType type, Grant grant, String familyId) {
    Instant now = clock.instant();
    Duration lifetime =
        type == TokenType.ACCESS ? settings.accessTokenLifetime() : settings.refreshTokenLifetime();
    Instant expiresAt = now.plus(lifetime);
    OpaqueTokens.Value value = tokens.generate();
    StoredToken token = new StoredToken(value.id(), type, grant, now, expiresAt, familyId);
    Map<String, String> fields = fields(grant);
    fields.put("id", value.id());
    fields.put("tokenHash", OpaqueTokens.hash(value.secret()));
    fields.put("issuedAt", Long.toString(now.toEpochMilli()));
    fields.put("createdAt", EgDates.format(now));
    if (familyId != null) {
      fields.put("familyId", familyId);
    }
    Kind kind = kind(type);
    Future<Void> stored = store.put(kind, value.id(), fields, expiresAt.toEpochMilli());
    if (familyId == null) {
      return stored.map(v -> new IssuedToken(value.text(), token));
    }
    return stored
        .compose(v -> store.joinFamily(familyId, kind, value.id(), expiresAt.toEpochMilli()))
        .compose(
            joined -> {
              if (joined) {
                return Future.succeededFuture(new IssuedToken(value.text(), token));
              }
              return store
                  .delete(kind, value.id())
                  .transform(
                      deleted ->
                          Future.failedFuture(
                              new IllegalStateException("the token family has been revoked")));
            });
  }

  @Override
  public Future<Optional<StoredToken>> findAccessToken(String presented) {
    OpaqueTokens.Value value = OpaqueTokens.parse(presented);
    if (value == null) {
      return Future.succeededFuture(Optional.empty());
    }
    long now = clock.millis();
    CachedToken cached = accessTokens.getIfPresent(value.id());
    if (cached != null && cached.token().expiresAt().toEpochMilli() > now) {
      return Future.succeededFuture(verified(cached, value.secret()));
    }
    return store
        .get(Kind.ACCESS_TOKEN, value.id(), now)
        .map(
            found -> {
              Optional<CachedToken> token =
                  found.flatMap(fields -> cachedToken(TokenType.ACCESS, value.id(), fields));
              token.ifPresent(t -> accessTokens.put(value.id(), t));
              return token.flatMap(t -> verified(t, value.secret()));
            });
  }

  @Override
  public Future<Optional<StoredToken>> findRefreshToken(String presented) {
    OpaqueTokens.Value value = OpaqueTokens.parse(presented);
    if (value == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .get(Kind.REFRESH_TOKEN, value.id(), clock.millis())
        .map(
            found ->
                found
                    .filter(fields -> !fields.containsKey("usedAt"))
                    .flatMap(fields -> cachedToken(TokenType.REFRESH, value.id(), fields))
                    .flatMap(t -> verified(t, value.secret())));
  }

  @Override
  public Future<Rotation> useRefreshToken(String presented) {
    OpaqueTokens.Value value = OpaqueTokens.parse(presented);
    if (value == null) {
      return Future.succeededFuture(Rotation.invalid());
    }
    long now = clock.millis();
    // The secret is checked before the token is spent: a guess at an id must not burn it.
    return store
        .get(Kind.REFRESH_TOKEN, value.id(), now)
        .map(
            found ->
                found
                    .flatMap(fields -> cachedToken(TokenType.REFRESH, value.id(), fields))
                    .flatMap(t -> verified(t, value.secret())))
        .compose(
            token -> {
              if (token.isEmpty()) {
                return Future.succeededFuture(Rotation.invalid());
              }
              return store
                  .mark(Kind.REFRESH_TOKEN, value.id(), "usedAt", Long.toString(now), now)
                  .compose(before -> rotation(token.get(), before));
            });
  }

  private Future<Rotation> rotation(StoredToken token, Optional<Map<String, String>> before) {
    if (before.isEmpty()) {
      return Future.succeededFuture(Rotation.invalid());
    }
    if (!before.get().containsKey("usedAt")) {
      return Future.succeededFuture(Rotation.rotated(token));
    }
    LOG.warn(
        "refresh_token_replayed token_id={} family={} client_id={}: the family is revoked",
        token.id(),
        token.familyId(),
        token.grant().clientId());
    Future<Void> revoked =
        token.familyId() == null
            ? store.delete(Kind.REFRESH_TOKEN, token.id()).mapEmpty()
            : revokeFamily(token.familyId());
    return revoked.map(v -> Rotation.replayed(token));
  }

  @Override
  public Future<Boolean> revokeToken(String presented) {
    OpaqueTokens.Value value = OpaqueTokens.parse(presented);
    if (value == null) {
      return Future.succeededFuture(false);
    }
    long now = clock.millis();
    return store
        .get(Kind.ACCESS_TOKEN, value.id(), now)
        .compose(
            access -> {
              Optional<StoredToken> token =
                  access
                      .flatMap(fields -> cachedToken(TokenType.ACCESS, value.id(), fields))
                      .flatMap(t -> verified(t, value.secret()));
              if (token.isPresent()) {
                accessTokens.invalidate(value.id());
                return store.delete(Kind.ACCESS_TOKEN, value.id()).map(true);
              }
              return revokeRefreshToken(value, now);
            });
  }

  private Future<Boolean> revokeRefreshToken(OpaqueTokens.Value value, long now) {
    return store
        .get(Kind.REFRESH_TOKEN, value.id(), now)
        .compose(
            refresh -> {
              Optional<StoredToken> token =
                  refresh
                      .flatMap(fields -> cachedToken(TokenType.REFRESH, value.id(), fields))
                      .flatMap(t -> verified(t, value.secret()));
              if (token.isEmpty()) {
                return Future.succeededFuture(false);
              }
              String family = token.get().familyId();
              return family == null
                  ? store.delete(Kind.REFRESH_TOKEN, value.id())
                  : revokeFamily(family).map(true);
            });
  }

  @Override
  public Future<Void> revokeFamily(String familyId) {
    long until = clock.millis() + settings.refreshTokenLifetime().toMillis();
    return store
        .revokeFamily(familyId, until)
        .map(
            count -> {
              // The access tokens it deleted are not known by id here: forget them all.
              accessTokens.invalidateAll();
              LOG.info("token_family_revoked family={} tokens={}", familyId, count);
              return null;
            });
  }

  // --- codes

  @Override
  public Future<String> issueCode(Grant grant, String codeChallenge, String codeChallengeMethod) {
    String code = tokens.hex128();
    Map<String, String> fields = fields(grant);
    if (grant.userId() != null) {
      fields.put("userId", grant.userId());
    }
    if (codeChallenge != null) {
      fields.put("codeChallenge", codeChallenge);
      fields.put(
          "codeChallengeMethod", codeChallengeMethod == null ? "plain" : codeChallengeMethod);
    }
    long expiresAt = clock.millis() + settings.codeLifetime().toMillis();
    return store
        .put(Kind.AUTHORIZATION_CODE, OpaqueTokens.digest(code), fields, expiresAt)
        .map(code);
  }

  @Override
  public Future<Optional<AuthorizationCode>> redeemCode(String code) {
    if (code == null || code.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .take(Kind.AUTHORIZATION_CODE, OpaqueTokens.digest(code), clock.millis())
        .map(
            found ->
                found.map(
                    fields ->
                        new AuthorizationCode(
                            grant(fields),
                            fields.get("codeChallenge"),
                            fields.get("codeChallengeMethod"),
                            Instant.ofEpochMilli(expiry(fields)))));
  }

  // --- sessions

  private static final String ATTRIBUTE = "a.";

  @Override
  public Future<LoginSession> createSession(Map<String, String> attributes) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return saveSession(new LoginSession(id, null, attributes, clock.instant()));
  }

  @Override
  public Future<Optional<LoginSession>> findSession(String id) {
    if (id == null || id.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .get(Kind.SESSION, OpaqueTokens.digest(id), clock.millis())
        .map(found -> found.map(fields -> session(id, fields)));
  }

  @Override
  public Future<LoginSession> saveSession(LoginSession session) {
    Instant expiresAt = clock.instant().plus(settings.sessionLifetime());
    Map<String, String> fields = new LinkedHashMap<>();
    if (session.userId() != null) {
      fields.put("userId", session.userId());
    }
    session.attributes().forEach((name, value) -> fields.put(ATTRIBUTE + name, value));
    LoginSession saved =
        new LoginSession(session.id(), session.userId(), session.attributes(), expiresAt);
    return store
        .put(Kind.SESSION, OpaqueTokens.digest(session.id()), fields, expiresAt.toEpochMilli())
        .map(saved);
  }

  @Override
  public Future<Void> deleteSession(String id) {
    return store.delete(Kind.SESSION, OpaqueTokens.digest(id)).mapEmpty();
  }

  private static LoginSession session(String id, Map<String, String> fields) {
    Map<String, String> attributes = new LinkedHashMap<>();
    fields.forEach(
        (name, value) -> {
          if (name.startsWith(ATTRIBUTE)) {
            attributes.put(name.substring(ATTRIBUTE.length()), value);
          }
        });
    return new LoginSession(
        id, fields.get("userId"), attributes, Instant.ofEpochMilli(expiry(fields)));
  }

  // --- signing keys

  /**
   * The configured key ({@code accessTokens.secretOrPrivateKey(File)}) when there is one, else the
   * newest generated key (the first is generated now).
   */
  @Override
  public Future<SigningKey> signingKey() {
    Optional<SigningKey> configured = settings.configuredKey();
    if (configured.isPresent()) {
      return Future.succeededFuture(configured.get());
    }
    Held<SigningKey> held = signingKey;
    if (held != null && held.until() > clock.millis()) {
      return Future.succeededFuture(held.value());
    }
    return keys.current()
        .onSuccess(
            key -> {
              signingKey = new Held<>(key, clock.millis() + CACHE_SECONDS * 1000);
              // A key generated or rotated in since the published set was read must be in it.
              Held<List<SigningKey>> published = publishedKeys;
              if (published != null
                  && published.value().stream().noneMatch(k -> k.keyId().equals(key.keyId()))) {
                publishedKeys = null;
              }
            });
  }

  /**
   * The configured key when it is asymmetric (an HMAC secret is never published), then the
   * generated keys still published: those that sign, or signed tokens that have not expired.
   */
  @Override
  public Future<List<SigningKey>> publishedKeys() {
    Optional<SigningKey> configured = settings.configuredKey().filter(key -> !key.symmetric());
    if (configured.isEmpty()) {
      return generatedKeys();
    }
    return generatedKeys()
        .map(
            generated -> {
              List<SigningKey> all = new ArrayList<>();
              all.add(configured.get());
              all.addAll(generated);
              return List.copyOf(all);
            });
  }

  private Future<List<SigningKey>> generatedKeys() {
    Held<List<SigningKey>> held = publishedKeys;
    if (held != null && held.until() > clock.millis()) {
      return Future.succeededFuture(held.value());
    }
    return keys.published()
        .onSuccess(
            list -> {
              // An empty set is not kept: the first key may be generated on another gateway now.
              if (!list.isEmpty()) {
                publishedKeys = new Held<>(list, clock.millis() + CACHE_SECONDS * 1000);
              }
            });
  }

  /**
   * Generates a new signing key; the previous one keeps being published until its last token
   * expires. This gateway signs with the new key at once, the others of a cluster within {@value
   * #CACHE_SECONDS} seconds.
   */
  @Override
  public Future<String> rotateSigningKey() {
    if (settings.configuredKey().isPresent()) {
      return Future.failedFuture(
          IdentityException.conflict(
              "system.config.yml configures the signing key (accessTokens.secretOrPrivateKey"
                  + "(File)); rotate it there"));
    }
    return keys.rotate()
        .onSuccess(
            key -> {
              signingKey = new Held<>(key, clock.millis() + CACHE_SECONDS * 1000);
              publishedKeys = null;
              LOG.info("signing_key_rotated kid={}", key.keyId());
            })
        .map(SigningKey::keyId);
  }

  // --- the local issuer

  @Override
  public String issuer() {
    return settings.issuer();
  }

  @Override
  public Future<JsonObject> jwks() {
    return publishedKeys()
        .map(
            list ->
                new JsonObject()
                    .put("keys", new JsonArray(list.stream().map(SigningKey::publicJwk).toList())));
  }

  // --- upkeep

  /** Removes expired tokens, codes and sessions now (the timer does it periodically). */
  public Future<Integer> sweep() {
    return store
        .sweep(clock.millis())
        .onSuccess(
            removed -> {
              if (removed > 0) {
                LOG.debug("grants_swept removed={}", removed);
              }
            })
        .onFailure(e -> LOG.warn("grants_sweep_failed error={}", e.toString()));
  }

  @Override
  public void close() {
    vertx.cancelTimer(sweeper);
  }

  // --- records

  private static Kind kind(TokenType type) {
    return type == TokenType.ACCESS ? Kind.ACCESS_TOKEN : Kind.REFRESH_TOKEN;
  }

  /** Express Gateway's fields of a grant. */
  private static Map<String, String> fields(Grant grant) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("consumerId", grant.clientId());
    if (grant.userId() != null) {
      fields.put("authenticatedUserId", grant.userId());
    }
    fields.put("scopes", new JsonArray(List.copyOf(grant.scopes())).encode());
    if (grant.redirectUri() != null) {
      fields.put("redirectUri", grant.redirectUri());
    }
    if (grant.type() != null) {
      fields.put("grantType", grant.type());
    }
    return fields;
  }

  private static Grant grant(Map<String, String> fields) {
    String user = fields.get("authenticatedUserId");
    return Grant.builder(fields.get("consumerId"))
        .user(user != null ? user : fields.get("userId"))
        .scopes(scopes(fields.get("scopes")))
        .type(fields.get("grantType"))
        .redirectUri(fields.get("redirectUri"))
        .build();
  }

  private static Set<String> scopes(String json) {
    Set<String> scopes = new TreeSet<>();
    if (json == null || json.isBlank()) {
      return scopes;
    }
    try {
      new JsonArray(json).forEach(scope -> scopes.add(String.valueOf(scope)));
    } catch (RuntimeException e) {
      // Not JSON: EG wrote a single scope as text.
      scopes.add(json);
    }
    return scopes;
  }

  private Optional<CachedToken> cachedToken(TokenType type, String id, Map<String, String> fields) {
    if ("true".equals(fields.get("archived")) || fields.get("consumerId") == null) {
      return Optional.empty();
    }
    long expiresAt = expiry(fields);
    String issued = fields.get("issuedAt");
    Instant issuedAt =
        issued != null ? Instant.ofEpochMilli(Long.parseLong(issued)) : clock.instant();
    StoredToken token =
        new StoredToken(
            id,
            type,
            grant(fields),
            issuedAt,
            Instant.ofEpochMilli(expiresAt),
            fields.get("familyId"));
    return Optional.of(
        new CachedToken(token, fields.get("tokenHash"), fields.get("tokenEncrypted")));
  }

  private Optional<StoredToken> verified(CachedToken cached, String secret) {
    return tokens.matches(secret, cached.tokenHash(), cached.tokenEncrypted())
        ? Optional.of(cached.token())
        : Optional.empty();
  }

  private static long expiry(Map<String, String> fields) {
    return Long.parseLong(fields.get(GrantStore.EXPIRES_AT));
  }

  @Override
  public String toString() {
    return "GrantService[" + settings + "]";
  }
}
