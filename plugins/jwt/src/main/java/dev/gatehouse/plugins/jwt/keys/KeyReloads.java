package dev.gatehouse.plugins.jwt.keys;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How a key source reloads its key set: at most one load runs at a time (callers during a load
 * share it), and loads caused by tokens with unknown key ids happen at most once per cooldown, so a
 * flood of made-up key ids costs one load.
 *
 * <pre>{@code
 * KeyReloads<KeySet> reloads = new KeyReloads<>(this::fetch, Duration.ofSeconds(30), System::nanoTime);
 * reloads.run();                              // a load, or the running one
 * if (reloads.mayRunForUnknownKey()) { ... }  // false within the cooldown
 * }</pre>
 *
 * <p>Thread-safe: shared by every event loop.
 */
final class KeyReloads<T> {

  private static final long NEVER = Long.MIN_VALUE;

  private final Supplier<Future<T>> load;
  private final Duration cooldown;
  private final LongSupplier nanoTime;
  private final AtomicReference<Future<T>> inflight = new AtomicReference<>();
  private final AtomicLong lastForUnknownKey = new AtomicLong(NEVER);

  /**
   * @param load starts one load; it may throw, which fails that load
   * @param cooldown the least time between two loads for unknown key ids
   */
  KeyReloads(Supplier<Future<T>> load, Duration cooldown, LongSupplier nanoTime) {
    this.load = load;
    this.cooldown = cooldown;
    this.nanoTime = nanoTime;
  }

  /** The running load, or a new one; never two at a time. */
  Future<T> run() {
    while (true) {
      Future<T> running = inflight.get();
      if (running != null) {
        return running;
      }
      Promise<T> promise = Promise.promise();
      if (inflight.compareAndSet(null, promise.future())) {
        Future<T> started;
        try {
          started = load.get();
        } catch (RuntimeException e) {
          started = Future.failedFuture(e);
        }
        started.onComplete(
            done -> {
              inflight.set(null);
              promise.handle(done);
            });
        return promise.future();
      }
    }
  }

  /** The load running now, or null. */
  Future<T> running() {
    return inflight.get();
  }

  /** Whether a token with an unknown key id may cause a load now; counts it if so. */
  boolean mayRunForUnknownKey() {
    long time = nanoTime.getAsLong();
    long last = lastForUnknownKey.get();
    if (last != NEVER && time - last < cooldown.toNanos()) {
      return false;
    }
    return lastForUnknownKey.compareAndSet(last, time);
  }
}
