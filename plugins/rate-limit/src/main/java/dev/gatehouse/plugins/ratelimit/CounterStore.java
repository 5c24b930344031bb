package dev.gatehouse.plugins.ratelimit;

import io.vertx.core.Future;

/** Where counters live: in this process, or on the gateway's Redis for a cluster. */
interface CounterStore {

  /** {@code local} or {@code redis}: the metrics tag. */
  String kind();

  /**
   * Counts a request of {@code key} at {@code now} if it passes.
   *
   * @return the decision; failed when the store cannot be reached
   */
  Future<Decision> hit(Limit limit, String key, long now);

  /** Gives back a request counted in {@code generation} (see {@link Decision#generation()}). */
  Future<Void> refund(Limit limit, String key, long generation, long now);
}
