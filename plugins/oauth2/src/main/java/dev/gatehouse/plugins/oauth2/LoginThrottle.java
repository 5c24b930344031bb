package dev.gatehouse.plugins.oauth2;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SignInThrottle} of a gateway on its own: counts in a bounded map ({@value
 * #MAX_ENTRIES} entries: when it is full, forgotten and expired waits go first, then any).
 *
 * <p>Thread-safe: entries are immutable values updated with {@link Map#compute}.
 */
final class LoginThrottle implements SignInThrottle {

  static final Duration MAX_DELAY = Duration.ofMillis(MAX_DELAY_MILLIS);
  static final Duration FORGET_AFTER = Duration.ofMillis(FORGET_AFTER_MILLIS);
  static final int MAX_ENTRIES = 100_000;

  /** Failures in a row, until when the next attempt waits, and when the last failure was. */
  private record Failures(int count, long waitUntilMillis, long lastMillis) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Long> waitSeconds(String username, String address) {
    long now = clock.millis();
    long until =
        Math.max(waitUntil(userKey(username, address), now), waitUntil(addressKey(address), now));
    return Future.succeededFuture(until <= now ? 0 : (until - now + 999) / 1000);
  }

  private long waitUntil(String key, long now) {
    Failures known = failures.get(key);
    return known == null || forgotten(known, now) ? 0 : known.waitUntilMillis();
  }

  @Override
  public void failed(String username, String address) {
    long now = clock.millis();
    if (failures.size() >= MAX_ENTRIES) {
      makeRoom(now);
    }
    count(userKey(username, address), FREE_FAILURES, now);
    count(addressKey(address), FREE_ADDRESS_FAILURES, now);
  }

  @Override
  public void succeeded(String username, String address) {
    failures.remove(userKey(username, address));
  }

  private void count(String key, int free, long now) {
    failures.compute(
        key,
        (k, known) -> {
          int count = known == null || forgotten(known, now) ? 1 : known.count() + 1;
          return new Failures(count, now + SignInThrottle.delayMillis(count, free), now);
        });
  }

  private static boolean forgotten(Failures known, long now) {
    return now - known.lastMillis() > FORGET_AFTER.toMillis();
  }

  /**
   * Drops forgotten entries, then those whose wait is over, then (a flood of waiting entries) any,
   * down to nine tenths of the limit: the scan runs at most once per {@value #MAX_ENTRIES} / 10
   * failures, never on every failure of a full map.
   */
  private void makeRoom(long now) {
    failures.values().removeIf(known -> forgotten(known, now));
    if (failures.size() >= MAX_ENTRIES) {
      failures.values().removeIf(known -> known.waitUntilMillis() <= now);
    }
    Iterator<Failures> any = failures.values().iterator();
    while (failures.size() > MAX_ENTRIES * 9 / 10 && any.hasNext()) {
      any.next();
      any.remove();
    }
  }

  int size() {
    return failures.size();
  }

  private static String userKey(String username, String address) {
    return username.toLowerCase(Locale.ROOT) + '\n' + address;
  }

  private static String addressKey(String address) {
    return '\n' + address;
  }
}
