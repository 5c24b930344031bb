package dev.gatehouse.core.identity.oauth2;

import dev.gatehouse.api.oauth2.SigningKey;
import dev.gatehouse.core.identity.GrantStore;
import dev.gatehouse.core.identity.secret.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The gateway's generated JWT signing keys: ES256 (P-256) key pairs as JSON Web Keys, named by
 * their RFC 7638 thumbprint, stored in the {@link GrantStore} (so every gateway of a cluster signs
 * with the same key) with the private key encrypted under {@code crypto.cipherKey}.
 *
 * <p>The signing key is the newest that is not retired. A rotation adds a new key and retires the
 * others at {@code now + access token lifetime}: they no longer sign, but stay published until the
 * last token they signed has expired; then they are deleted.
 *
 * <pre>{@code
 * keys.current().map(SigningKey::keyId);
 * keys.rotate();   // bin/gatehouse keys rotate
 * }</pre>
 */
final class SigningKeys {

  static final String ALGORITHM = "ES256";

  private final Vertx vertx;
  private final GrantStore store;
  private final Secrets secrets;
  private final Clock clock;
  private final Duration tokenLifetime;

  SigningKeys(Vertx vertx, GrantStore store, Secrets secrets, Clock clock, Duration tokenLifetime) {
    this.vertx = vertx;
    this.store = store;
    this.secrets = secrets;
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
  }

  /** The key that signs now; the first one is generated and stored (one gateway's wins). */
  Future<SigningKey> current() {
    return published()
        .compose(
            keys -> {
              SigningKey current = newestActive(keys);
              if (current != null) {
                return Future.succeededFuture(current);
              }
              return generated()
                  .compose(
                      generated ->
                          store
                              .putSigningKey(generated.key().keyId(), generated.stored(), true)
                              .compose(
                                  stored ->
                                      stored
                                          ? Future.succeededFuture(generated.key())
                                          : current()));
            });
  }

  /** The keys still published (signing and retiring); retired keys past their time are deleted. */
  Future<List<SigningKey>> published() {
    Instant now = clock.instant();
    return store
        .signingKeys()
        // Decrypting (and the first use of the JCA providers) is work for a worker.
        .compose(texts -> vertx.executeBlocking(() -> texts.stream().map(this::decode).toList()))
        .compose(
            keys -> {
              List<SigningKey> live = new ArrayList<>();
              List<Future<Void>> cleanup = new ArrayList<>();
              for (SigningKey key : keys) {
                if (key.retiresAt() != null && !key.retiresAt().isAfter(now)) {
                  cleanup.add(store.deleteSigningKey(key.keyId()));
                } else {
                  live.add(key);
                }
              }
              live.sort(Comparator.comparing(SigningKey::createdAt).reversed());
              return Future.all(cleanup).map(done -> List.copyOf(live));
            });
  }

  /** Generates a new signing key; the previous ones retire after one access token lifetime. */
  Future<SigningKey> rotate() {
    return generated().compose(this::rotateTo);
  }

  private Future<SigningKey> rotateTo(Generated generated) {
    SigningKey next = generated.key();
    Instant retiresAt = clock.instant().plus(tokenLifetime);
    return store
        .putSigningKey(next.keyId(), generated.stored(), false)
        .compose(stored -> published())
        .compose(
            keys -> {
              List<Future<Boolean>> retired = new ArrayList<>();
              for (SigningKey key : keys) {
                if (!key.keyId().equals(next.keyId()) && key.retiresAt() == null) {
                  SigningKey retiring =
                      new SigningKey(
                          key.keyId(),
                          key.algorithm(),
                          key.privateJwk(),
                          key.createdAt(),
                          retiresAt);
                  retired.add(store.putSigningKey(key.keyId(), encode(retiring), false));
                }
              }
              return Future.all(retired).map(next);
            });
  }

  private static SigningKey newestActive(List<SigningKey> newestFirst) {
    return newestFirst.stream().filter(key -> key.retiresAt() == null).findFirst().orElse(null);
  }

  /** A key and its stored form. */
  private record Generated(SigningKey key, String stored) {}

  /** A new key pair, generated and encrypted on a worker (key generation takes milliseconds). */
  private Future<Generated> generated() {
    return vertx.executeBlocking(
        () -> {
          SigningKey key = generate();
          return new Generated(key, encode(key));
        });
  }

  private SigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      ECPublicKey pub = (ECPublicKey) pair.getPublic();
      ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
      JsonObject jwk =
          new JsonObject()
              .put("kty", "EC")
              .put("crv", "P-256")
              .put("x", ConfiguredSigningKey.fixed(pub.getW().getAffineX(), 32))
              .put("y", ConfiguredSigningKey.fixed(pub.getW().getAffineY(), 32))
              .put("d", ConfiguredSigningKey.fixed(priv.getS(), 32));
      String kid = ConfiguredSigningKey.thumbprint(jwk);
      jwk.put("kid", kid).put("use", "sig").put("alg", ALGORITHM);
      return new SigningKey(kid, ALGORITHM, jwk, clock.instant(), null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are unavailable in this Java runtime", e);
    }
  }

  private String encode(SigningKey key) {
    JsonObject json =
        new JsonObject()
            .put("kid", key.keyId())
            .put("alg", key.algorithm())
            .put("jwk", secrets.encryptShared(key.keyId(), key.privateJwk().encode()))
            .put("createdAt", key.createdAt().toEpochMilli());
    if (key.retiresAt() != null) {
      json.put("retiresAt", key.retiresAt().toEpochMilli());
    }
    return json.encode();
  }

  private SigningKey decode(String text) {
    JsonObject json = new JsonObject(text);
    String kid = json.getString("kid");
    String jwk =
        secrets
            .reveal(kid, json.getString("jwk"))
            .orElseThrow(() -> new IllegalStateException("signing key " + kid + " is unreadable"));
    Long retiresAt = json.getLong("retiresAt");
    return new SigningKey(
        kid,
        json.getString("alg"),
        new JsonObject(jwk),
        Instant.ofEpochMilli(json.getLong("createdAt")),
        retiresAt == null ? null : Instant.ofEpochMilli(retiresAt));
  }
}
