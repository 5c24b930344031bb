package dev.gatehouse.plugins.jwt;

import dev.gatehouse.plugins.jwt.keys.TokenHead;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwt.JwtClaims;

/**
 * Tokens whose signature and claims a step has checked, so that a client sending the same token
 * again costs a hash and a lookup instead of a signature check (an RS256 check is most of what a
 * {@code jwt} step costs a request; an ES256 one more).
 *
 * <p>What makes this safe:
 *
 * <ul>
 *   <li>Entries are found by the SHA-256 of the token, and hold its parsed header, claims and the
 *       key that verified it; never the token itself.
 *   <li>A hit counts only while the token is within its {@code exp} (with the clock tolerance) and
 *       within {@link #MAX_AGE_NANOS} of its check, and only if the step's key source still
 *       resolves the token's header to the very same key: a key removed from a JWKS, or a
 *       credential whose secret changed, sends the token through the full check again.
 *   <li>Only accepted tokens are kept; a refused token is checked anew each time.
 * </ul>
 *
 * <p>Bounded: past {@code maxSize} entries, expired ones are dropped, and if that is not enough the
 * whole cache is, which costs one signature check per token afterwards. Thread-safe.
 */
final class VerifiedTokens {

  /** How long a check is trusted at most, whatever the token's {@code exp}. */
  static final long MAX_AGE_NANOS = 300_000_000_000L;

  /** A checked token: what the checks established, and until when it may be trusted. */
  record Entry(TokenHead head, Key key, JwtClaims claims, long trustedUntilNanos) {}

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(VerifiedTokens::sha256);

  private final int maxSize;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param maxSize the most entries kept; 0 keeps none
   */
  VerifiedTokens(int maxSize) {
    this.maxSize = maxSize;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this Java runtime", e);
    }
  }

  boolean enabled() {
    return maxSize > 0;
  }

  /** The cache key of a token. */
  static String fingerprint(String token) {
    byte[] digest = SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(digest);
  }

  /** The entry of a token checked before and still trusted at {@code nowNanos}, or null. */
  Entry find(String fingerprint, long nowNanos) {
    Entry entry = entries.get(fingerprint);
    if (entry == null) {
      return null;
    }
    if (nowNanos - entry.trustedUntilNanos() >= 0) {
      entries.remove(fingerprint, entry);
      return null;
    }
    return entry;
  }

  /**
   * Remembers an accepted token.
   *
   * @param expiresInNanos the time left before its {@code exp} (plus the clock tolerance), or
   *     {@link Long#MAX_VALUE} without {@code exp}
   */
  void remember(
      String fingerprint,
      TokenHead head,
      Key key,
      JwtClaims claims,
      long nowNanos,
      long expiresInNanos) {
    if (!enabled() || expiresInNanos <= 0) {
      return;
    }
    if (entries.size() >= maxSize) {
      entries.values().removeIf(entry -> nowNanos - entry.trustedUntilNanos() >= 0);
      if (entries.size() >= maxSize) {
        entries.clear();
      }
    }
    long trustedFor = Math.min(expiresInNanos, MAX_AGE_NANOS);
    entries.put(fingerprint, new Entry(head, key, claims, nowNanos + trustedFor));
  }

  /** Drops a token's entry. */
  void forget(String fingerprint) {
    entries.remove(fingerprint);
  }

  int size() {
    return entries.size();
  }
}
