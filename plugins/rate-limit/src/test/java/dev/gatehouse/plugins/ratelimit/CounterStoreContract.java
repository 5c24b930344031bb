package dev.gatehouse.plugins.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each algorithm's boundaries, on the exact millisecond, with the time given by the test: the same
 * sequence must give the same decisions in process and on Redis. Subclasses supply the store.
 */
abstract class CounterStoreContract {

  /** A whole second, so that sliding windows of one second start here. */
  static final long T0 = 1_700_000_000_000L;

  private int spaces;

  abstract CounterStore store();

  private Limit limit(Algorithm algorithm, long max) {
    return new Limit("test-" + getClass().getSimpleName() + "-" + (++spaces), algorithm, max, 1000);
  }

  Decision hit(Limit limit, long at) {
    return join(store().hit(limit, "client", at));
  }

  @Test
  void fixedWindowOpensAtTheFirstRequestAndAdmitsMaxInIt() {
    Limit limit = limit(Algorithm.FIXED_WINDOW, 3);

    assertThat(hit(limit, T0 + 500)).isEqualTo(new Decision(true, 2, T0 + 1500, 0, 1, T0 + 500));
    assertThat(hit(limit, T0 + 600).remaining()).isEqualTo(1);
    assertThat(hit(limit, T0 + 700).remaining()).isZero();
    assertThat(hit(limit, T0 + 800)).isEqualTo(new Decision(false, 0, T0 + 1500, 700, 3, T0 + 500));
    assertThat(hit(limit, T0 + 1499).allowed()).isFalse();
    assertThat(hit(limit, T0 + 1500))
        .as("the window ends exactly windowMs after it opened")
        .isEqualTo(new Decision(true, 2, T0 + 2500, 0, 1, T0 + 1500));
  }

  @Test
  void fixedWindowLetsABurstThroughWhereTwoWindowsMeet() {
    Limit limit = limit(Algorithm.FIXED_WINDOW, 3);
    hit(limit, T0);

    int admitted = 0;
    for (long at : new long[] {T0 + 998, T0 + 999, T0 + 1000, T0 + 1000, T0 + 1001, T0 + 1001}) {
      admitted += hit(limit, at).allowed() ? 1 : 0;
    }

    assertThat(admitted)
        .as("five requests of a limit of three within three milliseconds")
        .isEqualTo(5);
  }

  @Test
  void slidingWindowWeighsThePreviousWindowSoNoBurstCrossesTheEdge() {
    Limit limit = limit(Algorithm.SLIDING_WINDOW, 4);
    for (int i = 0; i < 4; i++) {
      assertThat(hit(limit, T0 + 999).allowed()).isTrue();
    }
    assertThat(hit(limit, T0 + 999))
        .as("full: the next request passes once a quarter of the previous window has slid out")
        .isEqualTo(new Decision(false, 0, T0 + 1000, 251, 4, T0 / 1000));

    assertThat(hit(limit, T0 + 1000).allowed()).isFalse();
    assertThat(hit(limit, T0 + 1249).allowed()).isFalse();
    assertThat(hit(limit, T0 + 1250))
        .isEqualTo(new Decision(true, 0, T0 + 2000, 0, 4, T0 / 1000 + 1));
    assertThat(hit(limit, T0 + 1251))
        .isEqualTo(new Decision(false, 0, T0 + 2000, 249, 4, T0 / 1000 + 1));
    assertThat(hit(limit, T0 + 1500).allowed()).isTrue();
  }

  @Test
  void slidingWindowForgetsEverythingAfterTwoQuietWindows() {
    Limit limit = limit(Algorithm.SLIDING_WINDOW, 2);
    hit(limit, T0);
    hit(limit, T0 + 1);

    assertThat(hit(limit, T0 + 1000).allowed()).isFalse();
    assertThat(hit(limit, T0 + 2000))
        .isEqualTo(new Decision(true, 1, T0 + 3000, 0, 1, T0 / 1000 + 2));
  }

  @Test
  void slidingWindowAdmitsMaxWithinOneWindow() {
    Limit limit = limit(Algorithm.SLIDING_WINDOW, 5);
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      admitted += hit(limit, T0 + i * 40).allowed() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void tokenBucketBurstsToMaxThenRefillsOneEveryWindowOverMax() {
    Limit limit = limit(Algorithm.TOKEN_BUCKET, 4);
    assertThat(hit(limit, T0)).isEqualTo(new Decision(true, 3, T0 + 250, 0, 1, 0));
    hit(limit, T0);
    hit(limit, T0);
    assertThat(hit(limit, T0)).isEqualTo(new Decision(true, 0, T0 + 1000, 0, 4, 0));
    assertThat(hit(limit, T0)).isEqualTo(new Decision(false, 0, T0 + 1000, 250, 4, 0));

    assertThat(hit(limit, T0 + 249).allowed()).isFalse();
    assertThat(hit(limit, T0 + 250)).isEqualTo(new Decision(true, 0, T0 + 1250, 0, 4, 0));
    assertThat(hit(limit, T0 + 300)).isEqualTo(new Decision(false, 0, T0 + 1250, 200, 4, 0));
    assertThat(hit(limit, T0 + 1250 + 1000).remaining())
        .as("a bucket left alone for a window is full again")
        .isEqualTo(3);
  }

  @Test
  void aRefundGivesBackOneRequestOfTheSameWindowOnly() {
    for (Algorithm algorithm : new Algorithm[] {Algorithm.FIXED_WINDOW, Algorithm.SLIDING_WINDOW}) {
      Limit limit = limit(algorithm, 2);
      Decision first = hit(limit, T0);
      hit(limit, T0 + 1);
      assertThat(hit(limit, T0 + 2).allowed()).isFalse();

      join(store().refund(limit, "client", first.generation(), T0 + 3));

      assertThat(hit(limit, T0 + 4).allowed()).as(algorithm.id()).isTrue();
      join(store().refund(limit, "client", first.generation() - 1, T0 + 5));
      assertThat(hit(limit, T0 + 6).allowed())
          .as(algorithm + ": another window's refund")
          .isFalse();
    }
  }

  @Test
  void aRefundPutsATokenBack() {
    Limit limit = limit(Algorithm.TOKEN_BUCKET, 1);
    hit(limit, T0);
    assertThat(hit(limit, T0).allowed()).isFalse();

    join(store().refund(limit, "client", 0, T0));

    assertThat(hit(limit, T0).allowed()).isTrue();
  }

  @Test
  void keysAndSpacesAreCountedApart() {
    Limit one = limit(Algorithm.FIXED_WINDOW, 1);
    Limit other = limit(Algorithm.FIXED_WINDOW, 1);
    assertThat(join(store().hit(one, "a", T0)).allowed()).isTrue();
    assertThat(join(store().hit(one, "b", T0)).allowed()).isTrue();
    assertThat(join(store().hit(other, "a", T0)).allowed()).isTrue();
    assertThat(join(store().hit(one, "a", T0)).allowed()).isFalse();
  }

  static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
