package dev.gatehouse.core.identity.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads of EG's hashes and sets. A key of the wrong type reads as empty: EG keeps the key-auth and
 * jwt credential hashes and the consumers' key-id sets in one key space.
 */
class Reads {

  /** Sends a read command about one key; a transaction watches the key first. */
  private final BiFunction<String, Request, Future<Response>> reader;

  Reads(BiFunction<String, Request, Future<Response>> reader) {
    this.reader = reader;
  }

  /** A hash's fields, empty when the key is absent or not a hash. */
  Future<Map<String, String>> hash(String key) {
    return read(key, Request.cmd(Command.HGETALL).arg(key)).map(Reads::fields);
  }

  /** Hashes by key, in the order given; absent ones are empty maps. */
  Future<List<Map<String, String>>> hashes(Collection<String> keys) {
    List<Future<Map<String, String>>> reads = new ArrayList<>();
    keys.forEach(key -> reads.add(hash(key)));
    return Future.all(reads).map(all -> all.<Map<String, String>>list());
  }

  /** A set's members, empty when the key is absent or not a set. */
  Future<Set<String>> members(String key) {
    return read(key, Request.cmd(Command.SMEMBERS).arg(key)).map(Reads::strings);
  }

  /** One field of a hash, or null. */
  Future<String> field(String key, String field) {
    return read(key, Request.cmd(Command.HGET).arg(key).arg(field))
        .map(reply -> reply == null ? null : reply.toString());
  }

  /** {@code none}, {@code hash}, {@code set}… */
  Future<String> type(String key) {
    return reader.apply(key, Request.cmd(Command.TYPE).arg(key)).map(Response::toString);
  }

  private Future<Response> read(String key, Request command) {
    return reader
        .apply(key, command)
        .recover(
            failure ->
                failure.getMessage() != null && failure.getMessage().startsWith("WRONGTYPE")
                    ? Future.succeededFuture()
                    : Future.failedFuture(failure));
  }

  static Map<String, String> fields(Response reply) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (reply == null || reply.size() == 0) {
      return fields;
    }
    for (String field : reply.getKeys()) {
      Response value = reply.get(field);
      fields.put(field, value == null ? null : value.toString());
    }
    return fields;
  }

  static Set<String> strings(Response reply) {
    Set<String> strings = new LinkedHashSet<>();
    if (reply != null) {
      reply.forEach(item -> strings.add(item.toString()));
    }
    return strings;
  }
}
