package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.store.StoreScript;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The {@link SignInThrottle} of a cluster: counts in the gateways' Redis ({@code db.redis}, through
 * the {@link ScriptStore}), so a guesser spreading attempts over the gateways behind a load
 * balancer meets one count. Each count is a hash under {@code signin:u:<digest of username and
 * address>} or {@code signin:a:<digest of address>} (no username or address in clear in Redis),
 * updated by one atomic script with the Redis server's clock and expiring an hour after the last
 * failure.
 *
 * <p>When Redis cannot be reached, sign-ins are not held back (the failure is logged): the identity
 * store is then unreachable too, and a throttle must not turn an outage into a lock-out.
 */
final class RedisSignInThrottle implements SignInThrottle {

  /** KEYS[1] a count; ARGV: free failures, longest wait, forget-after (ms). Returns the wait. */
  static final String FAIL =
      """
      local now = redis.call('TIME')
      local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
      local free = tonumber(ARGV[1])
      local delay = 0
      if count >= free then
        local doublings = math.min(count - free + 1, 30)
        delay = math.min(1000 * 2 ^ doublings, tonumber(ARGV[2]))
      end
      redis.call('HSET', KEYS[1], 'until', ms + delay)
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return delay
      """;

  /** KEYS[1] a count. Returns the milliseconds still to wait, 0 for none. */
  static final String WAIT =
      """
      local now = redis.call('TIME')
      local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      local untilMs = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
      if untilMs > ms then return untilMs - ms end
      return 0
      """;

  static final String CLEAR = "return redis.call('DEL', KEYS[1])";

  private final StoreScript fail;
  private final StoreScript wait;
  private final StoreScript clear;
  private final Logger log;

  RedisSignInThrottle(ScriptStore store, Logger log) {
    this.fail = store.script(FAIL);
    this.wait = store.script(WAIT);
    this.clear = store.script(CLEAR);
    this.log = log;
  }

  @Override
  public Future<Long> waitSeconds(String username, String address) {
    return Future.all(waitMillis(userKey(username, address)), waitMillis(addressKey(address)))
        .map(
            both -> {
              long millis = Math.max(both.<Long>resultAt(0), both.<Long>resultAt(1));
              return millis <= 0 ? 0L : (millis + 999) / 1000;
            })
        .otherwise(
            error -> {
              log.warn("oauth2_sign_in_throttle_unavailable error={}", error.toString());
              return 0L;
            });
  }

  private Future<Long> waitMillis(String key) {
    return wait.run(List.of(key), List.of()).map(RedisSignInThrottle::number);
  }

  @Override
  public void failed(String username, String address) {
    count(userKey(username, address), FREE_FAILURES);
    count(addressKey(address), FREE_ADDRESS_FAILURES);
  }

  private void count(String key, int free) {
    fail.run(
            List.of(key),
            List.of(
                Integer.toString(free),
                Long.toString(MAX_DELAY_MILLIS),
                Long.toString(FORGET_AFTER_MILLIS)))
        .onFailure(e -> log.warn("oauth2_sign_in_count_failed error={}", e.toString()));
  }

  @Override
  public void succeeded(String username, String address) {
    clear
        .run(List.of(userKey(username, address)), List.of())
        .onFailure(e -> log.warn("oauth2_sign_in_count_failed error={}", e.toString()));
  }

  private static long number(Object reply) {
    return reply instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(reply));
  }

  static String userKey(String username, String address) {
    return "signin:u:" + digest(username.toLowerCase(Locale.ROOT) + '\n' + address);
  }

  static String addressKey(String address) {
    return "signin:a:" + digest(address);
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
