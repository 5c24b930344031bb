package dev.gatehouse.core.identity;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the identity store keeps short-lived OAuth 2.0 state: access and refresh tokens,
 * authorization codes and login sessions (each a small map of text fields with an expiry),
 * refresh-token families, and JWT signing keys. Every implementation of {@link IdentityStore} has
 * one ({@link IdentityStore#grants()}), and one contract test suite covers them all.
 *
 * <p>Items expire at the {@code expiresAt} given when they are written: reads never return an
 * expired item, and expired items are removed (by the server's TTL on Redis, by {@link
 * #sweep(long)} elsewhere). Times are epoch milliseconds; {@code now} arguments let callers (and
 * tests) decide what "now" is. Fields are stored as given; secrets must be hashed by the caller.
 *
 * <pre>{@code
 * grants.put(Kind.AUTHORIZATION_CODE, code, fields, now + 300_000)
 *     .compose(v -> grants.take(Kind.AUTHORIZATION_CODE, code, now));  // found once
 * }</pre>
 */
public interface GrantStore {

  /** The kinds of item, each in a key space of its own. */
  enum Kind {
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    AUTHORIZATION_CODE,
    SESSION
  }

  /** The field every item carries: its expiry, in epoch milliseconds. */
  String EXPIRES_AT = "expiresAt";

  /** Writes an item (replacing one with the same id), adding {@link #EXPIRES_AT} to its fields. */
  Future<Void> put(Kind kind, String id, Map<String, String> fields, long expiresAt);

  /** An unexpired item's fields. */
  Future<Optional<Map<String, String>>> get(Kind kind, String id, long now);

  /** Reads and deletes an item atomically: of concurrent takers, one gets it. */
  Future<Optional<Map<String, String>>> take(Kind kind, String id, long now);

  /**
   * Sets {@code field} to {@code value} on an unexpired item unless the field is already set,
   * atomically; returns the fields as they were before (so the caller that sees the field absent is
   * the one that set it), or empty when there is no such item.
   */
  Future<Optional<Map<String, String>>> mark(
      Kind kind, String id, String field, String value, long now);

  /** Deletes an item; false when there was none. */
  Future<Boolean> delete(Kind kind, String id);

  /**
   * Records that a token belongs to a family, so that revoking the family revokes it.
   *
   * @param expiresAt when the family may be forgotten (its newest member's expiry)
   * @return false when the family is already revoked (the caller must not hand the token out)
   */
  Future<Boolean> joinFamily(String familyId, Kind kind, String id, long expiresAt);

  /**
   * Deletes every token of a family and remembers, until {@code revokedUntil}, that it is revoked.
   *
   * @return how many tokens were deleted
   */
  Future<Integer> revokeFamily(String familyId, long revokedUntil);

  /** Whether a family has been revoked. */
  Future<Boolean> familyRevoked(String familyId, long now);

  /** Every stored signing key, as the JSON texts written. */
  Future<List<String>> signingKeys();

  /**
   * Stores a signing key under its key id.
   *
   * @param onlyIfNone store it only when no key is stored at all (a first key that two gateways may
   *     generate at once: one wins)
   * @return whether it was stored
   */
  Future<Boolean> putSigningKey(String keyId, String json, boolean onlyIfNone);

  Future<Void> deleteSigningKey(String keyId);

  /**
   * Removes what expired before {@code now}; stores whose server expires items itself do nothing.
   *
   * @return how many items were removed
   */
  Future<Integer> sweep(long now);
}
