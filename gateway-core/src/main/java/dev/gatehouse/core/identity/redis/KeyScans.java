package dev.gatehouse.core.identity.redis;

import dev.gatehouse.core.identity.IdentityException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Lists keys by prefix with {@code SCAN}, as EG lists users and apps, over every key holder. */
final class KeyScans {

  /** Keys of one page and the cursor of the next ({@code "0"} when done). */
  record KeyPage(List<String> keys, String nextKey) {}

  private static final int MIN_SCAN_COUNT = 50;

  private final RedisConnections redis;

  KeyScans(RedisConnections redis) {
    this.redis = redis;
  }

  /** At most {@code count} keys matching the pattern, from where {@code start} left off. */
  Future<KeyPage> page(String pattern, String start, int count) {
    ScanCursor from;
    try {
      from = ScanCursor.parse(start);
    } catch (IdentityException e) {
      return Future.failedFuture(e);
    }
    int limit = Math.max(1, count);
    return redis
        .keyHolders()
        .compose(holders -> page(holders, pattern, from, limit, new ArrayList<>()));
  }

  /** Every key matching the pattern. */
  Future<List<String>> all(String pattern) {
    return page(pattern, null, Integer.MAX_VALUE).map(KeyPage::keys);
  }

  private Future<KeyPage> page(
      List<Redis> holders, String pattern, ScanCursor at, int count, List<String> keys) {
    if (at.node() >= holders.size()) {
      return Future.succeededFuture(new KeyPage(keys, "0"));
    }
    Request scan =
        Request.cmd(Command.SCAN)
            .arg(at.cursor())
            .arg("MATCH")
            .arg(pattern)
            .arg("COUNT")
            .arg(Math.max(MIN_SCAN_COUNT, Math.min(count, 1000)));
    return holders
        .get(at.node())
        .send(scan)
        .compose(
            reply -> {
              List<String> batch = batch(reply);
              List<String> fresh = batch.subList(Math.min(at.skip(), batch.size()), batch.size());
              int room = count - keys.size();
              if (fresh.size() > room) {
                keys.addAll(fresh.subList(0, room));
                ScanCursor rest = new ScanCursor(at.cursor(), at.skip() + room, at.node());
                return Future.succeededFuture(new KeyPage(keys, rest.toString()));
              }
              keys.addAll(fresh);
              String next = reply.get(0).toString();
              ScanCursor after =
                  next.equals("0")
                      ? new ScanCursor("0", 0, at.node() + 1)
                      : new ScanCursor(next, 0, at.node());
              if (after.node() >= holders.size()) {
                return Future.succeededFuture(new KeyPage(keys, "0"));
              }
              if (keys.size() == count) {
                return Future.succeededFuture(new KeyPage(keys, after.toString()));
              }
              return page(holders, pattern, after, count, keys);
            });
  }

  private static List<String> batch(Response reply) {
    List<String> keys = new ArrayList<>();
    reply.get(1).forEach(key -> keys.add(key.toString()));
    return keys;
  }
}
