package dev.gatehouse.plugins.oauth2;

import io.vertx.core.Future;

/**
 * Slows password guessing at the login page and the password grant: after {@value #FREE_FAILURES}
 * failed sign-ins in a row for one username from one client address, each further attempt waits
 * twice as long as the one before (2 s, 4 s, 8 s … at most {@value #MAX_DELAY_MILLIS} ms); after
 * {@value #FREE_ADDRESS_FAILURES} failures from one address whatever the usernames (credential
 * stuffing), that address waits the same way. A success clears the username's count; counts are
 * forgotten {@value #FORGET_AFTER_MILLIS} ms after the last failure. Attempts refused while waiting
 * never reach the password check, so guessing costs no bcrypt work either.
 *
 * <p>Two implementations: {@link LoginThrottle} counts in this gateway's memory; {@link
 * RedisSignInThrottle} counts in the cluster's Redis, so that every gateway behind a load balancer
 * sees the same counts.
 *
 * <pre>{@code
 * throttle.waitSeconds(username, exchange.clientIp()).compose(wait -> wait > 0 ? refuse(wait) : check());
 * ...
 * if (ok) throttle.succeeded(username, ip); else throttle.failed(username, ip);
 * }</pre>
 */
interface SignInThrottle {

  int FREE_FAILURES = 5;
  int FREE_ADDRESS_FAILURES = 50;
  long MAX_DELAY_MILLIS = 15 * 60_000L;
  long FORGET_AFTER_MILLIS = 60 * 60_000L;

  /** Seconds before this username may try again from this address; 0 when it may now. */
  Future<Long> waitSeconds(String username, String address);

  /** Counts a failed sign-in; never fails (a counting error is logged). */
  void failed(String username, String address);

  /** Clears the username's count at this address. */
  void succeeded(String username, String address);

  /** The wait after {@code count} failures in a row, when {@code free} of them cost nothing. */
  static long delayMillis(long count, int free) {
    if (count < free) {
      return 0;
    }
    long doublings = Math.min(count - free + 1, 30);
    return Math.min(1000L << doublings, MAX_DELAY_MILLIS);
  }
}
