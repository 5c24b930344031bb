package dev.gatehouse.plugins.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing at the login page and the password grant: after {@value #FREE_FAILURES}
 * failed sign-ins in a row for one username from one client address, each further attempt waits
 * twice as long as the one before (2 s, 4 s, 8 s … at most {@link #MAX_DELAY}); after {@value
 * #FREE_ADDRESS_FAILURES} from one address whatever the usernames (credential stuffing), that
 * address waits the same way. A success clears the username's count. Attempts refused while waiting
 * never reach the password check, so guessing costs the gateway no bcrypt work either.
 *
 * <p>Counts are kept per gateway, in a bounded map ({@value #MAX_ENTRIES} entries; the quietest are
 * dropped when it is full), and forgotten {@link #FORGET_AFTER} after the last failure.
 *
 * <pre>{@code
 * long wait = throttle.waitSeconds(username, exchange.clientIp());
 * if (wait > 0) { answer 429 with Retry-After: wait }
 * ...
 * if (ok) throttle.succeeded(username, ip); else throttle.failed(username, ip);
 * }</pre>
 *
 * <p>Thread-safe: entries are immutable values updated with {@link Map#compute}.
 */
final class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final int FREE_ADDRESS_FAILURES = 50;
  static final Duration MAX_DELAY = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofHours(1);
  static final int MAX_ENTRIES = 100_000;

  /** Failures in a row, until when the next attempt waits, and when the last failure was. */
  private record Failures(int count, long waitUntilMillis, long lastMillis) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Seconds before this username may try again from this address; 0 when it may now. */
  long waitSeconds(String username, String address) {
    long now = clock.millis();
    long until =
        Math.max(waitUntil(userKey(username, address), now), waitUntil(addressKey(address), now));
    return until <= now ? 0 : (until - now + 999) / 1000;
  }

  private long waitUntil(String key, long now) {
    Failures known = failures.get(key);
    return known == null || forgotten(known, now) ? 0 : known.waitUntilMillis();
  }

  void failed(String username, String address) {
    long now = clock.millis();
    if (failures.size() >= MAX_ENTRIES) {
      makeRoom(now);
    }
    count(userKey(username, address), FREE_FAILURES, now);
    count(addressKey(address), FREE_ADDRESS_FAILURES, now);
  }

  void succeeded(String username, String address) {
    failures.remove(userKey(username, address));
  }

  private void count(String key, int free, long now) {
    failures.compute(
        key,
        (k, known) -> {
          int count = known == null || forgotten(known, now) ? 1 : known.count() + 1;
          long delay = 0;
          if (count >= free) {
            int doublings = Math.min(count - free + 1, 30);
            delay = Math.min(1000L << doublings, MAX_DELAY.toMillis());
          }
          return new Failures(count, now + delay, now);
        });
  }

  private static boolean forgotten(Failures known, long now) {
    return now - known.lastMillis() > FORGET_AFTER.toMillis();
  }

  /** Drops forgotten entries, then, if still full, those whose wait is over. */
  private void makeRoom(long now) {
    failures.values().removeIf(known -> forgotten(known, now));
    if (failures.size() >= MAX_ENTRIES) {
      failures.values().removeIf(known -> known.waitUntilMillis() <= now);
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
