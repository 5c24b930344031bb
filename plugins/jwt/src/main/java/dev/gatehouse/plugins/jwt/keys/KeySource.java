package dev.gatehouse.plugins.jwt.keys;

import io.vertx.core.Future;
import java.security.Key;
import java.util.Set;

/**
 * Where the keys that verify a step's tokens come from: a key in the configuration or in a file
 * ({@link StaticKeySource}), an issuer's JWKS ({@link JwksKeySource}), or the jwt credential a
 * token's subject names ({@link CredentialSecretKeySource}). A new source is one more
 * implementation and one more case in {@code KeySources}.
 *
 * <p>Implementations are shared by every event loop: they are thread-safe and never block.
 */
public interface KeySource extends AutoCloseable {

  /** The algorithms accepted with this source when the configuration lists none. */
  Set<String> defaultAlgorithms();

  /** The algorithms this source's keys can verify at all: a configured list must be within. */
  Set<String> possibleAlgorithms();

  /**
   * The key to verify this token with. Fails with {@link KeyResolutionException}: {@code
   * UNKNOWN_KEY} when no key fits, {@code UNAVAILABLE} when the source cannot be reached and holds
   * no key.
   */
  Future<Key> keyFor(TokenHead head);

  /**
   * Whether HMAC keys of this source may be shorter than their hash (Express Gateway's secrets).
   */
  default boolean shortSecretsAllowed() {
    return false;
  }

  /**
   * The {@code iss} of every token these keys verify, when the source belongs to one issuer and
   * knows its name (the gateway's own); null otherwise.
   */
  default String issuer() {
    return null;
  }

  /** Releases clients and timers. */
  @Override
  default void close() {}
}
