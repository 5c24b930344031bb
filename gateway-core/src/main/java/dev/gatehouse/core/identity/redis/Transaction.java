package dev.gatehouse.core.identity.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * One check-then-write unit: its reads see a consistent state (each key read is watched, or all
 * writers are serialised), and its queued writes apply together or not at all. Built and committed
 * by {@link Transactions}; never shared between two units.
 */
final class Transaction extends Reads {

  private final List<Request> writes = new ArrayList<>();
  private final Set<String> changes = new LinkedHashSet<>();

  Transaction(BiFunction<String, Request, Future<Response>> reader) {
    super(reader);
  }

  /** Writes the fields (after deleting the key, so no stale field survives). */
  void replaceHash(String key, Map<String, String> fields) {
    writes.add(Request.cmd(Command.DEL).arg(key));
    Request hset = Request.cmd(Command.HSET).arg(key);
    fields.forEach((field, value) -> hset.arg(field).arg(value));
    writes.add(hset);
  }

  void setField(String key, String field, String value) {
    writes.add(Request.cmd(Command.HSET).arg(key).arg(field).arg(value));
  }

  void deleteField(String key, String field) {
    writes.add(Request.cmd(Command.HDEL).arg(key).arg(field));
  }

  void delete(String key) {
    writes.add(Request.cmd(Command.DEL).arg(key));
  }

  void addMember(String key, String member) {
    writes.add(Request.cmd(Command.SADD).arg(key).arg(member));
  }

  void removeMember(String key, String member) {
    writes.add(Request.cmd(Command.SREM).arg(key).arg(member));
  }

  /** Names what other gateway instances must forget when this commits, e.g. {@code user:<id>}. */
  void changed(String subject) {
    changes.add(subject);
  }

  /** The queued writes, each about one key (so each runs on one Redis Cluster slot). */
  List<Request> writes() {
    return writes;
  }

  Set<String> changes() {
    return changes;
  }
}
