package dev.gatehouse.plugins.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.api.oauth2.Grant;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.oauth2.SigningKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JWT access tokens ({@code accessTokens.tokenType: jwt}): signed with the configured {@code
 * secretOrPrivateKey(File)} (HS* with a secret, RS* or PS* with an RSA PKCS#8 key) or, without one,
 * with the gateway's generated ES256 key from the store, shared by every gateway of a cluster and
 * published at {@code /.well-known/jwks.json}. Claims: {@code iss}, {@code aud}, {@code sub},
 * {@code exp} and {@code iat} in seconds, {@code jti}, {@code scope}, {@code client_id} and Express
 * Gateway's {@code consumerId} and {@code scopes}.
 *
 * <p>Signing and verifying take microseconds (ES256, HMAC) to a millisecond (RSA) and run on the
 * event loop; keys are parsed once per key id.
 */
final class JwtTokens {

  private final OAuth2Store store;
  private final String issuer;
  private final List<String> audience;
  private final String subject;
  private final Duration lifetime;
  private final JWSAlgorithm algorithm;
  private final JWSSigner configuredSigner;
  private final JWSVerifier configuredVerifier;
  private final JsonObject configuredJwk;
  private final String configuredKid;
  private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();
  private final Map<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /** How many verified tokens are remembered, so steady traffic verifies each token once. */
  static final int VERIFIED_CACHE_SIZE = 10_000;

  /** A token whose signature and issuer held, and until when it is valid. */
  private record Verified(JWTClaimsSet claims, Instant expiresAt) {}

  /**
   * @param accessTokens the {@code accessTokens} settings
   * @param configDirectory where a relative {@code secretOrPrivateKeyFile} is
   */
  JwtTokens(OAuth2Store store, JsonObject accessTokens, Path configDirectory) {
    this.store = store;
    this.issuer = accessTokens.getString("issuer");
    this.audience = audience(accessTokens.getValue("audience"), issuer);
    this.subject = accessTokens.getString("subject");
    this.lifetime = Duration.ofMillis(accessTokens.getLong("timeToExpiry"));
    String secret = accessTokens.getString("secretOrPrivateKey");
    String file = accessTokens.getString("secretOrPrivateKeyFile");
    if (secret == null && file != null) {
      try {
        secret = Files.readString(configDirectory.resolve(file), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "accessTokens.secretOrPrivateKeyFile " + file + " cannot be read: " + e.getMessage());
      }
    }
    String configured = accessTokens.getString("algorithm");
    if (secret == null) {
      this.algorithm = JWSAlgorithm.ES256;
      this.configuredSigner = null;
      this.configuredVerifier = null;
      this.configuredJwk = null;
      this.configuredKid = null;
      return;
    }
    this.algorithm = JWSAlgorithm.parse(configured == null ? "HS256" : configured);
    try {
      if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        this.configuredSigner = new MACSigner(key);
        this.configuredVerifier = new MACVerifier(key);
        this.configuredJwk = null;
        this.configuredKid = null;
      } else if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
        RSAPrivateCrtKey key = rsaPrivateKey(secret);
        RSAPublicKey pub =
            (RSAPublicKey)
                KeyFactory.getInstance("RSA")
                    .generatePublic(
                        new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        RSAKey jwk = new RSAKey.Builder(pub).keyIDFromThumbprint().algorithm(algorithm).build();
        this.configuredSigner = new RSASSASigner(key);
        this.configuredVerifier = new RSASSAVerifier(pub);
        this.configuredKid = jwk.getKeyID();
        this.configuredJwk = new JsonObject(jwk.toPublicJWK().toJSONString()).put("use", "sig");
      } else {
        throw new IllegalArgumentException(
            "accessTokens.algorithm "
                + algorithm
                + " needs a generated key: remove secretOrPrivateKey(File) to sign with the"
                + " gateway's ES256 key, or use HS*, RS* or PS*");
      }
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "accessTokens.secretOrPrivateKey cannot sign " + algorithm + ": " + e.getMessage());
    }
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

  private static RSAPrivateCrtKey rsaPrivateKey(String pem) throws GeneralSecurityException {
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException(
          "expected a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert with"
              + " openssl pkcs8 -topk8 -nocrypt");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return (RSAPrivateCrtKey)
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  String issuer() {
    return issuer;
  }

  Duration lifetime() {
    return lifetime;
  }

  /** A signed access token for the grant. */
  Future<String> issue(Grant grant, Instant now) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(
                subject != null
                    ? subject
                    : grant.userId() != null ? grant.userId() : grant.clientId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", grant.clientId())
            .claim("consumerId", grant.clientId())
            .claim("scopes", List.copyOf(grant.scopes()));
    if (!grant.scopes().isEmpty()) {
      claims.claim("scope", String.join(" ", grant.scopes()));
    }
    if (grant.userId() != null) {
      claims.claim("authenticatedUserId", grant.userId());
    }
    return signer()
        .map(
            signer -> {
              SignedJWT jwt =
                  new SignedJWT(
                      new JWSHeader.Builder(algorithm)
                          .type(JOSEObjectType.JWT)
                          .keyID(signer.kid())
                          .build(),
                      claims.build());
              try {
                jwt.sign(signer.signer());
              } catch (JOSEException e) {
                throw new IllegalStateException("signing failed: " + e.getMessage(), e);
              }
              return jwt.serialize();
            });
  }

  private record Signer(String kid, JWSSigner signer) {}

  private Future<Signer> signer() {
    if (configuredSigner != null) {
      return Future.succeededFuture(new Signer(configuredKid, configuredSigner));
    }
    return store
        .signingKey()
        .map(
            key ->
                new Signer(key.keyId(), signers.computeIfAbsent(key.keyId(), k -> ecSigner(key))));
  }

  private static JWSSigner ecSigner(SigningKey key) {
    try {
      return new ECDSASigner(ECKey.parse(key.privateJwk().encode()));
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("signing key " + key.keyId() + " is unusable", e);
    }
  }

  /**
   * The claims of a token this server signed, when its signature, issuer and expiry hold; empty for
   * anything else (another issuer's token, a forgery, an expired token).
   */
  Future<Optional<JWTClaimsSet>> verify(String token, Instant now) {
    Verified known = verified.get(token);
    if (known != null) {
      return Future.succeededFuture(
          known.expiresAt().isAfter(now) ? Optional.of(known.claims()) : Optional.empty());
    }
    return check(token, now)
        .onSuccess(
            claims ->
                claims.ifPresent(
                    c -> {
                      if (verified.size() >= VERIFIED_CACHE_SIZE) {
                        verified.values().removeIf(v -> !v.expiresAt().isAfter(now));
                        if (verified.size() >= VERIFIED_CACHE_SIZE) {
                          verified.clear();
                        }
                      }
                      verified.put(token, new Verified(c, c.getExpirationTime().toInstant()));
                    }));
  }

  private Future<Optional<JWTClaimsSet>> check(String token, Instant now) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Future.succeededFuture(Optional.empty());
    }
    if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
      return Future.succeededFuture(Optional.empty());
    }
    return verifier(jwt.getHeader().getKeyID())
        .map(
            verifier -> {
              try {
                if (verifier.isEmpty() || !jwt.verify(verifier.get())) {
                  return Optional.empty();
                }
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                Date exp = claims.getExpirationTime();
                if (!issuer.equals(claims.getIssuer())
                    || exp == null
                    || !exp.toInstant().isAfter(now)) {
                  return Optional.empty();
                }
                return Optional.of(claims);
              } catch (JOSEException | ParseException e) {
                return Optional.empty();
              }
            });
  }

  private Future<Optional<JWSVerifier>> verifier(String kid) {
    if (configuredVerifier != null) {
      return Future.succeededFuture(Optional.of(configuredVerifier));
    }
    if (kid == null) {
      return Future.succeededFuture(Optional.empty());
    }
    JWSVerifier known = verifiers.get(kid);
    if (known != null) {
      return Future.succeededFuture(Optional.of(known));
    }
    return store
        .publishedKeys()
        .map(
            keys ->
                keys.stream()
                    .filter(key -> key.keyId().equals(kid))
                    .findFirst()
                    .map(key -> verifiers.computeIfAbsent(kid, k -> ecVerifier(key))));
  }

  private static JWSVerifier ecVerifier(SigningKey key) {
    try {
      return new ECDSAVerifier(ECKey.parse(key.publicJwk().encode()));
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("signing key " + key.keyId() + " is unusable", e);
    }
  }

  /** The public keys to publish: the configured RSA key, or the store's generated keys. */
  Future<JsonObject> jwks() {
    if (configuredSigner != null) {
      JsonArray keys = new JsonArray();
      if (configuredJwk != null) {
        keys.add(configuredJwk);
      }
      return Future.succeededFuture(new JsonObject().put("keys", keys));
    }
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
