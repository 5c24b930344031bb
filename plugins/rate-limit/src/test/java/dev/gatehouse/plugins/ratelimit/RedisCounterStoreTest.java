package dev.gatehouse.plugins.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis store's scripts against a real Redis that the test starts: the same decisions as in
 * process, on counters that live under the store's key prefix and expire.
 */
class RedisCounterStoreTest extends CounterStoreContract {

  private static RedisProcess redis;
  private static Vertx vertx;
  private static Redis client;
  private static RedisCounterStore store;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
    client = Redis.createClient(vertx, redis.connectionString());
    store = new RedisCounterStore(new RedisClientScriptStore(client, "EG-", 5_000));
  }

  @BeforeEach
  void emptyRedis() {
    send(Request.cmd(Command.FLUSHALL));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (vertx != null) {
      join(client.close());
      join(vertx.close());
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  CounterStore store() {
    return store;
  }

  @Test
  void eachCounterIsOneKeyUnderTheStorePrefixThatExpiresAfterTwoWindows() {
    for (Algorithm algorithm : Algorithm.values()) {
      send(Request.cmd(Command.FLUSHALL));
      Limit limit = new Limit("space-" + algorithm.id(), algorithm, 3, 1000);

      join(store.hit(limit, "client", T0));

      String key = "EG-ratelimit:space-" + algorithm.id() + ":client";
      assertThat(keys()).as(algorithm.id()).containsExactly(key);
      assertThat(send(Request.cmd(Command.PTTL, key)).toLong())
          .as(algorithm + ": milliseconds the idle counter has left")
          .isBetween(1L, 2000L);
    }
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    send(Request.cmd(Command.KEYS, "*")).forEach(key -> keys.add(key.toString()));
    return keys;
  }

  private static Response send(Request request) {
    return join(client.send(request));
  }
}
