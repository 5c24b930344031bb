package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.oauth2.Grant;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.oauth2.SigningKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * JWT access tokens ({@code accessTokens.tokenType: jwt}), signed with the store's signing key: the
 * key {@code accessTokens.secretOrPrivateKey(File)} configures (HS*, RS*, PS*, ES*, EdDSA) or else
 * the gateway's generated ES256 key, shared by every gateway of a cluster. Asymmetric keys are
 * published at {@code /.well-known/jwks.json} and named in each token's {@code kid}. Claims: {@code
 * iss}, {@code aud}, {@code sub}, {@code exp} and {@code iat} in seconds, {@code jti}, {@code
 * scope}, {@code client_id} and Express Gateway's {@code consumerId} and {@code scopes}.
 *
 * <p>Signing and verifying take microseconds (ES256, EdDSA, HMAC) to a millisecond (RSA) and run on
 * the event loop; keys are parsed once per key id, and a verified token is remembered until it
 * expires so steady traffic verifies each token once.
 */
final class JwtTokens {

  /** How many verified tokens are remembered. */
  static final int VERIFIED_CACHE_SIZE = 10_000;

  private final OAuth2Store store;
  private final String issuer;
  private final List<String> audience;
  private final String subject;
  private final Duration lifetime;
  private final Map<String, Key> signingKeys = new ConcurrentHashMap<>();
  private final Map<String, Key> verifyingKeys = new ConcurrentHashMap<>();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /** A token whose signature, issuer and expiry held, and until when it is valid. */
  private record Verified(VerifiedJwt token, Instant expiresAt) {}

  /**
   * A token's verified claims, read once: as JSON (for introspection answers) and as an immutable
   * map of plain Java values (for the consumer's claims, shared by every request with the token).
   */
  record VerifiedJwt(JsonObject json, Map<String, Object> claims) {}

  /**
   * @param accessTokens the {@code accessTokens} settings
   */
  JwtTokens(OAuth2Store store, JsonObject accessTokens) {
    this.store = store;
    this.issuer = accessTokens.getString("issuer");
    this.audience = audience(accessTokens.getValue("audience"), issuer);
    this.subject = accessTokens.getString("subject");
    this.lifetime = Duration.ofMillis(accessTokens.getLong("timeToExpiry"));
  }

  private static List<String> audience(Object value, String issuer) {
    if (value instanceof String text) {
      return List.of(text);
    }
    if (value instanceof JsonArray array) {
      List<String> list = new ArrayList<>();
      array.forEach(v -> list.add(String.valueOf(v)));
      return list;
    }
    return List.of(issuer);
  }

  String issuer() {
    return issuer;
  }

  Duration lifetime() {
    return lifetime;
  }

  /** A signed access token for the grant. */
  Future<String> issue(Grant grant, Instant now) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject(
        subject != null ? subject : grant.userId() != null ? grant.userId() : grant.clientId());
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setClaim("client_id", grant.clientId());
    claims.setClaim("consumerId", grant.clientId());
    claims.setStringListClaim("scopes", List.copyOf(grant.scopes()));
    if (!grant.scopes().isEmpty()) {
      claims.setClaim("scope", String.join(" ", grant.scopes()));
    }
    if (grant.userId() != null) {
      claims.setClaim("authenticatedUserId", grant.userId());
    }
    return store.signingKey().map(key -> sign(claims, key));
  }

  private String sign(JwtClaims claims, SigningKey key) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(key.algorithm());
    jws.setHeader("typ", "JWT");
    if (!key.symmetric()) {
      jws.setKeyIdHeaderValue(key.keyId());
    }
    jws.setKey(signingKeys.computeIfAbsent(key.keyId(), kid -> privateKey(key)));
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("signing with " + key + " failed: " + e.getMessage(), e);
    }
  }

  private static Key privateKey(SigningKey key) {
    JsonWebKey jwk = jwk(key.privateJwk(), key);
    return jwk instanceof PublicJsonWebKey pair ? pair.getPrivateKey() : jwk.getKey();
  }

  private static Key verifyingKey(SigningKey key) {
    if (key.symmetric()) {
      return jwk(key.privateJwk(), key).getKey();
    }
    return ((PublicJsonWebKey) jwk(key.publicJwk(), key)).getPublicKey();
  }

  private static JsonWebKey jwk(JsonObject json, SigningKey key) {
    try {
      return JsonWebKey.Factory.newJwk(json.getMap());
    } catch (JoseException e) {
      throw new IllegalStateException(key + " is unusable: " + e.getMessage(), e);
    }
  }

  /**
   * The claims of a token this server signed, when its signature, issuer and expiry hold; empty for
   * anything else (another issuer's token, a forgery, an expired token).
   */
  Future<Optional<VerifiedJwt>> verify(String token, Instant now) {
    Verified known = verified.get(token);
    if (known != null) {
      return Future.succeededFuture(
          known.expiresAt().isAfter(now) ? Optional.of(known.token()) : Optional.empty());
    }
    JsonWebSignature jws = new JsonWebSignature();
    try {
      jws.setCompactSerialization(token);
    } catch (JoseException e) {
      return Future.succeededFuture(Optional.empty());
    }
    String algorithm = jws.getAlgorithmHeaderValue();
    return keyFor(jws.getKeyIdHeaderValue(), algorithm)
        .map(key -> key.flatMap(k -> check(jws, algorithm, k, now)))
        .onSuccess(claims -> claims.ifPresent(c -> remember(token, c, now)));
  }

  /**
   * The key that verifies a token of this {@code kid} and {@code alg}: a published key of that id
   * signing that algorithm, or the configured secret for an HS token without {@code kid}.
   */
  private Future<Optional<Key>> keyFor(String kid, String algorithm) {
    if (algorithm == null) {
      return Future.succeededFuture(Optional.empty());
    }
    if (kid == null) {
      return store
          .signingKey()
          .map(
              key ->
                  key.symmetric() && key.algorithm().equals(algorithm)
                      ? Optional.of(
                          verifyingKeys.computeIfAbsent(key.keyId(), k -> verifyingKey(key)))
                      : Optional.empty());
    }
    return store
        .publishedKeys()
        .map(
            keys ->
                keys.stream()
                    .filter(key -> key.keyId().equals(kid) && key.algorithm().equals(algorithm))
                    .findFirst()
                    .map(key -> verifyingKeys.computeIfAbsent(kid, k -> verifyingKey(key))));
  }

  private Optional<VerifiedJwt> check(
      JsonWebSignature jws, String algorithm, Key key, Instant now) {
    try {
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm));
      jws.setKey(key);
      if (!jws.verifySignature()) {
        return Optional.empty();
      }
      String payload = jws.getPayload();
      JsonObject claims = new JsonObject(payload);
      Long exp = claims.getValue("exp") instanceof Number n ? n.longValue() : null;
      if (!issuer.equals(claims.getValue("iss")) || exp == null || exp <= now.getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(
          new VerifiedJwt(claims, Collections.unmodifiableMap(JsonUtil.parseJson(payload))));
    } catch (JoseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void remember(String token, VerifiedJwt claims, Instant now) {
    if (verified.size() >= VERIFIED_CACHE_SIZE) {
      verified.values().removeIf(v -> !v.expiresAt().isAfter(now));
      if (verified.size() >= VERIFIED_CACHE_SIZE) {
        verified.clear();
      }
    }
    verified.put(token, new Verified(claims, Instant.ofEpochSecond(claims.json().getLong("exp"))));
  }

  /** The public keys to publish: the configured asymmetric key and the generated keys. */
  Future<JsonObject> jwks() {
    return store
        .publishedKeys()
        .map(
            keys ->
                new JsonObject()
                    .put("keys", new JsonArray(keys.stream().map(SigningKey::publicJwk).toList())));
  }

  /** Whether a presented token looks like a JWS (three dot-separated parts). */
  static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return first > 0 && token.indexOf('.', first + 1) > first && token.indexOf('|') < 0;
  }
}
