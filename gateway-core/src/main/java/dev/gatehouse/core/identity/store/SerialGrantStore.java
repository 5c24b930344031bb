package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.identity.GrantStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link GrantStore} of the MVStore-backed identity stores: its tables live in the same file
 * and every operation runs on the store's one worker, so each is atomic. Expired items are found
 * through an index ordered by expiry and removed by {@link #sweep(long)}, which the gateway runs
 * periodically.
 *
 * <p>Grant writes are committed to the file before their future completes but not forced to the
 * disk (no sync): they survive the gateway's crash, and a power cut loses at most the last seconds'
 * tokens, which clients simply request again. Identity writes stay synced.
 */
final class SerialGrantStore implements GrantStore {

  private static final char SEP = '\u0000';

  /** Rewrites partially used chunks of the file after a sweep, at most this many bytes at once. */
  private static final int COMPACT_BYTES = 4 << 20;

  private final SerialIdentityStore store;
  private final Table items;
  private final Table expiry;
  private final Table families;
  private final Table members;
  private final Table keys;

  SerialGrantStore(SerialIdentityStore store, MvStoreAdapter engine) {
    this.store = store;
    this.items = engine.table("grants");
    this.expiry = engine.table("grantExpiry");
    this.families = engine.table("tokenFamilies");
    this.members = engine.table("tokenFamilyMembers");
    this.keys = engine.table("signingKeys");
  }

  @Override
  public Future<Void> put(Kind kind, String id, Map<String, String> fields, long expiresAt) {
    return store.writeGrants(
        () -> {
          String key = key(kind, id);
          forget(key);
          JsonObject stored = new JsonObject();
          fields.forEach(stored::put);
          stored.put(EXPIRES_AT, Long.toString(expiresAt));
          items.put(key, stored.encode());
          expiry.put(expiryKey(expiresAt, key), "");
          return null;
        });
  }

  @Override
  public Future<Optional<Map<String, String>>> get(Kind kind, String id, long now) {
    return store.readGrants(() -> live(key(kind, id), now));
  }

  @Override
  public Future<Optional<Map<String, String>>> take(Kind kind, String id, long now) {
    return store.writeGrants(
        () -> {
          String key = key(kind, id);
          Optional<Map<String, String>> found = live(key, now);
          forget(key);
          return found;
        });
  }

  @Override
  public Future<Optional<Map<String, String>>> mark(
      Kind kind, String id, String field, String value, long now) {
    return store.writeGrants(
        () -> {
          String key = key(kind, id);
          Optional<Map<String, String>> found = live(key, now);
          if (found.isPresent() && !found.get().containsKey(field)) {
            JsonObject changed = new JsonObject(items.get(key));
            changed.put(field, value);
            items.put(key, changed.encode());
          }
          return found;
        });
  }

  @Override
  public Future<Boolean> delete(Kind kind, String id) {
    return store.writeGrants(() -> forget(key(kind, id)));
  }

  @Override
  public Future<Boolean> joinFamily(String familyId, Kind kind, String id, long expiresAt) {
    return store.writeGrants(
        () -> {
          JsonObject family =
              Optional.ofNullable(families.get(familyId)).map(JsonObject::new).orElse(null);
          if (family != null && family.containsKey("revokedUntil")) {
            return false;
          }
          long until = Math.max(expiresAt, family == null ? 0 : family.getLong(EXPIRES_AT));
          if (family != null) {
            expiry.remove(expiryKey(family.getLong(EXPIRES_AT), familyKey(familyId)));
          }
          families.put(familyId, new JsonObject().put(EXPIRES_AT, until).encode());
          expiry.put(expiryKey(until, familyKey(familyId)), "");
          members.put(familyId + SEP + key(kind, id), "");
          return true;
        });
  }

  @Override
  public Future<Integer> revokeFamily(String familyId, long revokedUntil) {
    return store.writeGrants(
        () -> {
          int revoked = 0;
          for (Map.Entry<String, String> member : members.withPrefix(familyId + SEP)) {
            if (forget(member.getKey().substring(familyId.length() + 1))) {
              revoked++;
            }
            members.remove(member.getKey());
          }
          String stored = families.get(familyId);
          if (stored != null) {
            expiry.remove(
                expiryKey(new JsonObject(stored).getLong(EXPIRES_AT), familyKey(familyId)));
          }
          families.put(
              familyId,
              new JsonObject()
                  .put(EXPIRES_AT, revokedUntil)
                  .put("revokedUntil", revokedUntil)
                  .encode());
          expiry.put(expiryKey(revokedUntil, familyKey(familyId)), "");
          return revoked;
        });
  }

  @Override
  public Future<Boolean> familyRevoked(String familyId, long now) {
    return store.readGrants(
        () -> {
          String stored = families.get(familyId);
          if (stored == null) {
            return false;
          }
          Long until = new JsonObject(stored).getLong("revokedUntil");
          return until != null && until > now;
        });
  }

  @Override
  public Future<List<String>> signingKeys() {
    return store.readGrants(keys::values);
  }

  @Override
  public Future<Boolean> putSigningKey(String keyId, String json, boolean onlyIfNone) {
    return store.writeGrants(
        () -> {
          if (onlyIfNone && !keys.from("", 1).isEmpty()) {
            return false;
          }
          keys.put(keyId, json);
          return true;
        });
  }

  @Override
  public Future<Void> deleteSigningKey(String keyId) {
    return store.writeGrants(
        () -> {
          keys.remove(keyId);
          return null;
        });
  }

  @Override
  public Future<Integer> sweep(long now) {
    return store.writeGrants(
        () -> {
          String end = expiryKey(now, "");
          int removed = 0;
          List<Map.Entry<String, String>> due = expiry.from("", 1000);
          while (!due.isEmpty() && due.get(0).getKey().compareTo(end) < 0) {
            for (Map.Entry<String, String> entry : due) {
              if (entry.getKey().compareTo(end) >= 0) {
                break;
              }
              expiry.remove(entry.getKey());
              String key = entry.getKey().substring(entry.getKey().indexOf(SEP) + 1);
              if (key.startsWith(FAMILY)) {
                removeFamily(key.substring(FAMILY.length()));
              } else {
                items.remove(key);
              }
              removed++;
            }
            due = expiry.from("", 1000);
          }
          if (removed > 0) {
            store.compact(COMPACT_BYTES);
          }
          return removed;
        });
  }

  // --- on the worker

  private Optional<Map<String, String>> live(String key, long now) {
    String stored = items.get(key);
    if (stored == null) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    new JsonObject(stored).forEach(entry -> fields.put(entry.getKey(), (String) entry.getValue()));
    if (Long.parseLong(fields.get(EXPIRES_AT)) <= now) {
      return Optional.empty();
    }
    return Optional.of(fields);
  }

  /** Removes an item and its expiry entry; false when there was none. */
  private boolean forget(String key) {
    String stored = items.get(key);
    if (stored == null) {
      return false;
    }
    long expiresAt = Long.parseLong(new JsonObject(stored).getString(EXPIRES_AT));
    expiry.remove(expiryKey(expiresAt, key));
    items.remove(key);
    return true;
  }

  private void removeFamily(String familyId) {
    families.remove(familyId);
    List<String> owned = new ArrayList<>();
    members.withPrefix(familyId + SEP).forEach(member -> owned.add(member.getKey()));
    owned.forEach(members::remove);
  }

  // --- keys

  private static final String FAMILY = "f" + SEP;

  private static String key(Kind kind, String id) {
    return switch (kind) {
          case ACCESS_TOKEN -> "a";
          case REFRESH_TOKEN -> "r";
          case AUTHORIZATION_CODE -> "c";
          case SESSION -> "s";
        }
        + SEP
        + id;
  }

  private static String familyKey(String familyId) {
    return FAMILY + familyId;
  }

  /** Sorts by expiry: a zero-padded time, then the item's key. */
  private static String expiryKey(long expiresAt, String key) {
    return String.format("%019d", Math.max(0, expiresAt)) + SEP + key;
  }
}
