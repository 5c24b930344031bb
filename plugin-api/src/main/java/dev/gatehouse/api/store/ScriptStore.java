package dev.gatehouse.api.store;

/**
 * The gateway's shared store for counters and other small state that every instance of a cluster
 * must see alike: Lua scripts that run atomically on the Redis server of {@code system.config.yml}
 * {@code db.redis}, one round trip each. Offered as {@code context.service(ScriptStore.class)} when
 * {@code db.redis} is configured (and not {@code emulate}); absent otherwise, so a plugin that
 * needs it says so in a {@code PolicyConfigException}.
 *
 * <p>Keys are namespaced: the store puts {@link #keyPrefix()} ({@code db.redis.namespace} and a
 * dash, {@code EG-} by default) before every key a script is given, so installations sharing a
 * Redis do not meet. A script must touch only the keys it is given (Redis Cluster routes by them),
 * and should give every key an expiry so that the store does not grow without bound.
 *
 * <p>The store connects by itself, and when Redis becomes unreachable runs fail (quickly, or after
 * the store's command timeout) until it is back; no restart is needed. Runs never block the calling
 * event loop and complete on the caller's context.
 *
 * <pre>{@code
 * ScriptStore store = context.service(ScriptStore.class).orElseThrow(
 *     () -> new PolicyConfigException("store", "store: redis needs db.redis in system.config.yml"));
 * StoreScript increment = store.script(
 *     "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return n");
 * ...
 * increment.run(List.of("hits:" + key), List.of("60000"))
 *     .map(reply -> (Long) reply);
 * }</pre>
 */
public interface ScriptStore {

  /** What the store puts before every key: {@code db.redis.namespace} and a dash. */
  String keyPrefix();

  /**
   * Prepares a Lua script. Nothing is sent now: the first run loads it on the server ({@code
   * EVALSHA}, falling back to {@code EVAL} when the server does not know it yet, after a restart or
   * a {@code SCRIPT FLUSH}). Prepare scripts once, when the configuration loads.
   */
  StoreScript script(String lua);
}
