package dev.gatehouse.plugins.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-process store: the contract, concurrent requests of one key, and its memory bound. */
class LocalCounterStoreTest extends CounterStoreContract {

  private final ManualClock clock = new ManualClock(T0);
  private final LocalCounterStore store = new LocalCounterStore(10_000, clock, Runnable::run);

  @Override
  CounterStore store() {
    return store;
  }

  @Test
  void concurrentRequestsOfOneKeyAdmitExactlyMax() throws Exception {
    Limit limit = new Limit("concurrent", Algorithm.SLIDING_WINDOW, 5_000, 60_000);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> admitted = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Callable<Integer> requests =
            () -> {
              int passed = 0;
              for (int i = 0; i < 2_000; i++) {
                passed += hit(limit, T0 + i % 1_000).allowed() ? 1 : 0;
              }
              return passed;
            };
        admitted.add(threads.submit(requests));
      }
      int total = 0;
      for (Future<Integer> each : admitted) {
        total += each.get();
      }
      assertThat(total).isEqualTo(5_000);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aMillionDistinctKeysKeepTheStoreWithinItsBound() {
    Limit limit = new Limit("flood", Algorithm.FIXED_WINDOW, 10, 60_000);
    Limit steady = new Limit("steady", Algorithm.FIXED_WINDOW, 1_000_000, 60_000);

    for (int i = 0; i < 1_000_000; i++) {
      join(store.hit(limit, "client-" + i, T0));
      if (i % 100 == 0) {
        join(store.hit(steady, "busy", T0));
      }
    }

    assertThat(store.size()).isLessThanOrEqualTo(10_000);
    assertThat(join(store.hit(steady, "busy", T0)).used())
        .as("the busy key survived the flood of one-off keys")
        .isEqualTo(10_001);
  }

  @Test
  void idleCountersAreDroppedOnceTheyAreAsGoodAsNew() {
    Limit limit = new Limit("idle", Algorithm.SLIDING_WINDOW, 10, 1_000);
    for (int i = 0; i < 500; i++) {
      join(store.hit(limit, "client-" + i, T0));
    }
    assertThat(store.size()).isEqualTo(500);

    clock.advance(Duration.ofMillis(Algorithm.idleMillis(1_000)));

    assertThat(store.size()).isZero();
  }

  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private volatile long millis;

    ManualClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration by) {
      millis += by.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
