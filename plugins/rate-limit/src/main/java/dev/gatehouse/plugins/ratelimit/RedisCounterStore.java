package dev.gatehouse.plugins.ratelimit;

import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.store.StoreScript;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counters on the gateway's Redis, shared by every gateway instance that uses it: one atomic script
 * per request ({@code *.lua} beside this class, the same arithmetic as {@link Algorithm}), so that
 * N instances with a limit of M admit at most M requests per window together. Keys are {@code
 * <namespace>-ratelimit:<space>:<key>} and expire once idle.
 *
 * <p>The time comes from the gateway, not from Redis: instances' clocks should agree (NTP) to well
 * within a window.
 */
final class RedisCounterStore implements CounterStore {

  private static final String KEY_PREFIX = "ratelimit:";

  private final Map<Algorithm, StoreScript> scripts = new EnumMap<>(Algorithm.class);

  RedisCounterStore(ScriptStore store) {
    for (Algorithm algorithm : Algorithm.values()) {
      scripts.put(algorithm, store.script(lua(algorithm)));
    }
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public Future<Decision> hit(Limit limit, String key, long now) {
    return scripts
        .get(limit.algorithm())
        .run(
            List.of(KEY_PREFIX + limit.space() + ":" + key),
            List.of(
                Long.toString(now),
                Long.toString(limit.max()),
                Long.toString(limit.windowMs()),
                "hit",
                "0"))
        .map(Decision::fromReply);
  }

  @Override
  public Future<Void> refund(Limit limit, String key, long generation, long now) {
    return scripts
        .get(limit.algorithm())
        .run(
            List.of(KEY_PREFIX + limit.space() + ":" + key),
            List.of(
                Long.toString(now),
                Long.toString(limit.max()),
                Long.toString(limit.windowMs()),
                "refund",
                Long.toString(generation)))
        .mapEmpty();
  }

  private static String lua(Algorithm algorithm) {
    String name = algorithm.id() + ".lua";
    try (InputStream in = RedisCounterStore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the plugin jar lacks " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
