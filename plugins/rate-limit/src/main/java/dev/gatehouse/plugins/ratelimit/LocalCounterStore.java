package dev.gatehouse.plugins.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters in this process, shared by all event loops and by every configuration the gateway loads
 * (a reload keeps them). A counter's state is an immutable {@link CounterState} swapped by
 * compare-and-set, so concurrent requests of one key never wait for a lock and never lose a count.
 *
 * <p>Memory is bounded: at most {@code maxKeys} counters are kept (Caffeine evicts the least
 * valuable, so a flood of one-off keys does not push out the busy ones), and a counter left alone
 * for {@link Algorithm#idleMillis} (when it is as good as new) is dropped.
 */
final class LocalCounterStore implements CounterStore {

  private final Cache<Key, Cell> cells;

  /**
   * @param maxKeys the most counters kept
   * @param clock the time the expiry of idle counters is measured in (the policies' clock)
   * @param maintenance where Caffeine does its housekeeping
   */
  LocalCounterStore(long maxKeys, Clock clock, Executor maintenance) {
    this.cells =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfter(new IdleExpiry())
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(maintenance)
            .build();
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public Future<Decision> hit(Limit limit, String key, long now) {
    AtomicReference<CounterState> state = cell(limit, key).state;
    while (true) {
      CounterState before = state.get();
      Algorithm.Result result = limit.algorithm().hit(before, now, limit.max(), limit.windowMs());
      if (result.state() == before || state.compareAndSet(before, result.state())) {
        return Future.succeededFuture(result.decision());
      }
    }
  }

  @Override
  public Future<Void> refund(Limit limit, String key, long generation, long now) {
    Cell cell = cells.getIfPresent(new Key(limit.space(), key));
    if (cell != null) {
      cell.state.updateAndGet(
          s -> limit.algorithm().refund(s, generation, limit.max(), limit.windowMs()));
    }
    return Future.succeededFuture();
  }

  private Cell cell(Limit limit, String key) {
    return cells.get(new Key(limit.space(), key), k -> new Cell(limit.windowMs()));
  }

  /** How many counters are kept now (after pending housekeeping). */
  long size() {
    cells.cleanUp();
    return cells.estimatedSize();
  }

  /** A counter's identity: its space (shared by a step's keys) and the request's key. */
  private record Key(String space, String key) {}

  /** One counter: its state, and the window that says when it is idle. */
  private static final class Cell {
    final AtomicReference<CounterState> state = new AtomicReference<>();
    final long idleNanos;

    Cell(long windowMs) {
      this.idleNanos = TimeUnit.MILLISECONDS.toNanos(Algorithm.idleMillis(windowMs));
    }
  }

  /** A counter expires when nobody has used it for its idle time. */
  private static final class IdleExpiry implements Expiry<Key, Cell> {
    @Override
    public long expireAfterCreate(Key key, Cell cell, long currentTime) {
      return cell.idleNanos;
    }

    @Override
    public long expireAfterUpdate(Key key, Cell cell, long currentTime, long currentDuration) {
      return cell.idleNanos;
    }

    @Override
    public long expireAfterRead(Key key, Cell cell, long currentTime, long currentDuration) {
      return cell.idleNanos;
    }
  }
}
