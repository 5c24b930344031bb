package dev.gatehouse.api.oauth2;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * A key the gateway signs JWT access tokens with, generated and kept in the identity store (shared
 * by a cluster) when {@code system.config.yml} configures none. After a rotation the previous key
 * no longer signs but stays published until {@link #retiresAt()}, when its last token has expired.
 *
 * <pre>{@code
 * store.signingKey().map(key -> sign(claims, key.privateJwk(), key.keyId()));
 * }</pre>
 */
public final class SigningKey {

  private final String keyId;
  private final String algorithm;
  private final JsonObject privateJwk;
  private final Instant createdAt;
  private final Instant retiresAt;
  private final boolean symmetric;

  /**
   * @param keyId the {@code kid}
   * @param algorithm the JWS algorithm ({@code ES256})
   * @param privateJwk the key pair as a JSON Web Key (RFC 7517), private members included
   * @param createdAt when it was generated
   * @param retiresAt when it leaves the published set; null while it is the signing key
   */
  public SigningKey(
      String keyId, String algorithm, JsonObject privateJwk, Instant createdAt, Instant retiresAt) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.privateJwk = Objects.requireNonNull(privateJwk, "privateJwk").copy();
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.retiresAt = retiresAt;
    this.symmetric = "oct".equals(this.privateJwk.getString("kty"));
  }

  public String keyId() {
    return keyId;
  }

  public String algorithm() {
    return algorithm;
  }

  /** The whole key, private parts included: never publish or log it. */
  public JsonObject privateJwk() {
    return privateJwk.copy();
  }

  /** The public half, as published in the JWKS. */
  public JsonObject publicJwk() {
    JsonObject jwk = privateJwk.copy();
    for (String member : new String[] {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
      jwk.remove(member);
    }
    return jwk;
  }

  /**
   * Whether this is a shared secret (an {@code oct} key, HS* algorithms): such a key verifies as
   * well as it signs, so it is never published.
   *
   * @since 1.1
   */
  public boolean symmetric() {
    return symmetric;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** When the key leaves the published set, or null while it signs. */
  public Instant retiresAt() {
    return retiresAt;
  }

  /** Keeps the private key out of logs. */
  @Override
  public String toString() {
    return "SigningKey[" + keyId + " " + algorithm + "]";
  }
}
