package dev.gatehouse.plugins.jwt.keys;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The verification keys of a JWKS document, found by a token's {@code kid} and {@code alg}.
 * Immutable; the only class besides the verifier that reads JWK with jose4j.
 *
 * <p>Only public signing keys are kept: {@code oct} (shared secret) keys, encryption keys ({@code
 * use: enc}) and keys of unknown types are left out, so a JWKS can never make the policy accept an
 * HMAC token.
 */
public final class KeySet {

  /** A set with no key. */
  public static final KeySet EMPTY = new KeySet(List.of());

  private record Entry(String keyId, String algorithm, Set<String> algorithms, Key key) {}

  private final List<Entry> entries;

  private KeySet(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses a JWKS document.
   *
   * @param ignored told the kid and the reason of every key left out
   * @throws IllegalArgumentException when the text is not a JWKS document
   */
  public static KeySet parse(String json, BiConsumer<String, String> ignored) {
    JsonWebKeySet set;
    try {
      set = new JsonWebKeySet(json);
    } catch (JoseException | RuntimeException e) {
      throw new IllegalArgumentException("not a JWKS document: " + e.getMessage());
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonWebKey jwk : set.getJsonWebKeys()) {
      String kid = jwk.getKeyId();
      if (!(jwk instanceof PublicJsonWebKey publicJwk) || publicJwk.getPublicKey() == null) {
        ignored.accept(kid, "not_a_public_key");
        continue;
      }
      if (jwk.getUse() != null && !"sig".equals(jwk.getUse())) {
        ignored.accept(kid, "not_a_signing_key");
        continue;
      }
      Set<String> algorithms = Algorithms.forKey(publicJwk.getPublicKey());
      if (algorithms.isEmpty()
          || jwk.getAlgorithm() != null && !algorithms.contains(jwk.getAlgorithm())) {
        ignored.accept(kid, "unsupported_algorithm");
        continue;
      }
      entries.add(new Entry(kid, jwk.getAlgorithm(), algorithms, publicJwk.getPublicKey()));
    }
    return new KeySet(entries);
  }

  /** The number of keys kept. */
  public int size() {
    return entries.size();
  }

  /**
   * The key for this token: the one with its {@code kid} that can verify its {@code alg}; for a
   * token without {@code kid}, the only key that can. Null when there is none.
   */
  public Key find(TokenHead head) {
    Key found = null;
    for (Entry entry : entries) {
      boolean sameId = head.keyId() == null || head.keyId().equals(entry.keyId());
      boolean fits =
          entry.algorithms().contains(head.algorithm())
              && (entry.algorithm() == null || entry.algorithm().equals(head.algorithm()));
      if (sameId && fits) {
        if (head.keyId() != null) {
          return entry.key();
        }
        if (found != null) {
          return null;
        }
        found = entry.key();
      }
    }
    return found;
  }
}
