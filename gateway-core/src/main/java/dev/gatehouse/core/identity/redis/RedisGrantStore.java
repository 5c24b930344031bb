package dev.gatehouse.core.identity.redis;

import dev.gatehouse.core.identity.GrantStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link GrantStore} on Redis, shared by every gateway of a cluster. Tokens and codes use
 * Express Gateway's keys (compat 5.2): {@code EG-access-token:<id>}, {@code EG-refresh-token:<id>}
 * and {@code EG-auth-code:<id>} hashes, with the {@code EG-consumer-access-tokens:<consumerId>}
 * index (token id to expiry); sessions, families and signing keys have keys of Gatehouse's own.
 * Unlike EG, every item carries a TTL ({@code PEXPIREAT}), so Redis removes it when it expires.
 *
 * <p>Each atomic step is one Lua script over keys of one hash slot, so it works on Redis Cluster
 * too: a family's member set and its revocation mark share a hash tag.
 */
final class RedisGrantStore implements GrantStore {

  /** Replaces a hash and sets its expiry: KEYS[1]; ARGV[1] expiry, then field, value pairs. */
  private static final String PUT =
      "redis.call('DEL', KEYS[1]) "
          + "redis.call('HSET', KEYS[1], unpack(ARGV, 2)) "
          + "redis.call('PEXPIREAT', KEYS[1], ARGV[1]) return 1";

  private static final String TAKE =
      "local v = redis.call('HGETALL', KEYS[1]) "
          + "if #v > 0 then redis.call('DEL', KEYS[1]) end return v";

  private static final String MARK =
      "local v = redis.call('HGETALL', KEYS[1]) "
          + "if #v > 0 then redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) end return v";

  private static final String DELETE =
      "local c = redis.call('HGET', KEYS[1], 'consumerId') "
          + "local n = redis.call('DEL', KEYS[1]) return {n, c}";

  /** KEYS[1] members, KEYS[2] revocation mark; ARGV[1] member, ARGV[2] milliseconds to keep. */
  private static final String JOIN =
      "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end "
          + "redis.call('SADD', KEYS[1], ARGV[1]) "
          + "if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then "
          + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 1";

  /** KEYS[1] members, KEYS[2] revocation mark; ARGV[1] milliseconds to remember the revocation. */
  private static final String REVOKE =
      "local m = redis.call('SMEMBERS', KEYS[1]) redis.call('DEL', KEYS[1]) "
          + "redis.call('SET', KEYS[2], '1', 'PX', ARGV[1]) return m";

  private static final String PUT_KEY =
      "if ARGV[3] == '1' and redis.call('HLEN', KEYS[1]) > 0 then return 0 end "
          + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1";

  private final Redis client;
  private final String namespace;

  RedisGrantStore(Redis client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public Future<Void> put(Kind kind, String id, Map<String, String> fields, long expiresAt) {
    String key = key(kind, id);
    Request put = script(PUT, key).arg(expiresAt);
    fields.forEach(
        (field, value) -> {
          if (!field.equals(EXPIRES_AT)) {
            put.arg(field).arg(value);
          }
        });
    put.arg(EXPIRES_AT).arg(expiresAt);
    Future<Response> written = client.send(put);
    String consumerId = fields.get("consumerId");
    String index = consumerIndex(kind, consumerId);
    if (index == null) {
      return written.mapEmpty();
    }
    // EG's index of a consumer's tokens; tokens of one kind share a lifetime, so the newest token
    // decides when the index may go.
    return written
        .compose(
            ok ->
                client.batch(
                    List.of(
                        Request.cmd(Command.HSET).arg(index).arg(id).arg(expiresAt),
                        Request.cmd(Command.PEXPIREAT).arg(index).arg(expiresAt))))
        .mapEmpty();
  }

  @Override
  public Future<Optional<Map<String, String>>> get(Kind kind, String id, long now) {
    return client
        .send(Request.cmd(Command.HGETALL).arg(key(kind, id)))
        .map(reply -> live(Reads.fields(reply), now));
  }

  @Override
  public Future<Optional<Map<String, String>>> take(Kind kind, String id, long now) {
    return client.send(script(TAKE, key(kind, id))).map(reply -> live(pairs(reply), now));
  }

  @Override
  public Future<Optional<Map<String, String>>> mark(
      Kind kind, String id, String field, String value, long now) {
    return client
        .send(script(MARK, key(kind, id)).arg(field).arg(value))
        .map(reply -> live(pairs(reply), now));
  }

  @Override
  public Future<Boolean> delete(Kind kind, String id) {
    return client
        .send(script(DELETE, key(kind, id)))
        .compose(
            reply -> {
              boolean deleted = reply.get(0).toLong() > 0;
              Response consumer = reply.size() > 1 ? reply.get(1) : null;
              String index = consumer == null ? null : consumerIndex(kind, consumer.toString());
              if (index == null) {
                return Future.succeededFuture(deleted);
              }
              return client.send(Request.cmd(Command.HDEL).arg(index).arg(id)).map(deleted);
            });
  }

  @Override
  public Future<Boolean> joinFamily(String familyId, Kind kind, String id, long expiresAt) {
    long keep = Math.max(1, expiresAt - System.currentTimeMillis());
    return client
        .send(
            script(JOIN, familyMembers(familyId), familyRevoked(familyId))
                .arg(key(kind, id))
                .arg(keep))
        .map(reply -> reply.toLong() == 1);
  }

  @Override
  public Future<Integer> revokeFamily(String familyId, long revokedUntil) {
    long keep = Math.max(1, revokedUntil - System.currentTimeMillis());
    return client
        .send(script(REVOKE, familyMembers(familyId), familyRevoked(familyId)).arg(keep))
        .compose(
            reply -> {
              List<Future<Response>> deletions = new ArrayList<>();
              Reads.strings(reply)
                  .forEach(key -> deletions.add(client.send(Request.cmd(Command.DEL).arg(key))));
              return Future.all(deletions)
                  .map(
                      all ->
                          (int)
                              deletions.stream()
                                  .filter(deleted -> deleted.result().toLong() > 0)
                                  .count());
            });
  }

  @Override
  public Future<Boolean> familyRevoked(String familyId, long now) {
    return client
        .send(Request.cmd(Command.EXISTS).arg(familyRevoked(familyId)))
        .map(reply -> reply.toLong() > 0);
  }

  @Override
  public Future<List<String>> signingKeys() {
    return client
        .send(Request.cmd(Command.HVALS).arg(signingKeysKey()))
        .map(reply -> List.copyOf(Reads.strings(reply)));
  }

  @Override
  public Future<Boolean> putSigningKey(String keyId, String json, boolean onlyIfNone) {
    return client
        .send(script(PUT_KEY, signingKeysKey()).arg(keyId).arg(json).arg(onlyIfNone ? "1" : "0"))
        .map(reply -> reply.toLong() == 1);
  }

  @Override
  public Future<Void> deleteSigningKey(String keyId) {
    return client.send(Request.cmd(Command.HDEL).arg(signingKeysKey()).arg(keyId)).mapEmpty();
  }

  /** Redis removes expired items itself (their TTL). */
  @Override
  public Future<Integer> sweep(long now) {
    return Future.succeededFuture(0);
  }

  // --- keys

  String key(Kind kind, String id) {
    return namespace
        + switch (kind) {
          case ACCESS_TOKEN -> "-access-token:";
          case REFRESH_TOKEN -> "-refresh-token:";
          case AUTHORIZATION_CODE -> "-auth-code:";
          case SESSION -> "-gatehouse-session:";
        }
        + id;
  }

  private String consumerIndex(Kind kind, String consumerId) {
    if (consumerId == null) {
      return null;
    }
    return switch (kind) {
      case ACCESS_TOKEN -> namespace + "-consumer-access-tokens:" + consumerId;
      case REFRESH_TOKEN -> namespace + "-consumer-refresh-tokens:" + consumerId;
      default -> null;
    };
  }

  private String familyMembers(String familyId) {
    return namespace + "-gatehouse-token-family:{" + familyId + "}";
  }

  private String familyRevoked(String familyId) {
    return namespace + "-gatehouse-token-family-revoked:{" + familyId + "}";
  }

  private String signingKeysKey() {
    return namespace + "-gatehouse-signing-keys";
  }

  // --- replies

  private static Request script(String script, String... keys) {
    Request eval = Request.cmd(Command.EVAL).arg(script).arg(keys.length);
    for (String key : keys) {
      eval.arg(key);
    }
    return eval;
  }

  /** A Lua table of field, value pairs (as HGETALL answers inside a script). */
  private static Map<String, String> pairs(Response reply) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (reply == null) {
      return fields;
    }
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
    }
    return fields;
  }

  private static Optional<Map<String, String>> live(Map<String, String> fields, long now) {
    String expiresAt = fields.get(EXPIRES_AT);
    if (fields.isEmpty() || expiresAt == null || parse(expiresAt) <= now) {
      return Optional.empty();
    }
    return Optional.of(fields);
  }

  private static long parse(String number) {
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
