package dev.gatehouse.plugins.ratelimit;

import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

/** Opens the package-private in-process store to the benchmarks of {@code .bench}. */
public final class BenchAccess {

  private final LocalCounterStore store =
      new LocalCounterStore(1_000_000, Clock.systemUTC(), ForkJoinPool.commonPool());
  private final Limit limit;

  /**
   * A limit that admits everything (a million per 10 ms), so that each call does the whole counting
   * work, a window change included now and then.
   */
  public BenchAccess(String algorithm) {
    this.limit = new Limit("bench", Algorithm.of(algorithm), Algorithm.MAX_LIMIT, 10);
  }

  /** Counts one request of {@code key} now; whether it passed. */
  public boolean hit(String key) {
    return store.hit(limit, key, System.currentTimeMillis()).result().allowed();
  }
}
