package dev.gatehouse.plugins.ratelimit;

/**
 * The counting algorithms, as pure functions of a {@link CounterState} and the time. The Redis
 * scripts ({@code *.lua} beside this class) compute exactly the same in integer arithmetic, so a
 * counter behaves alike in process and on Redis.
 *
 * <p>Numbers stay below 2<sup>53</sup> (the schema bounds {@code max} and {@code windowMs}), so
 * Lua's doubles are exact too.
 */
enum Algorithm {

  /**
   * Express Gateway's: a window opens with the first request of a key and lasts {@code windowMs};
   * at most {@code max} requests pass in it. Two windows that meet can pass {@code 2 × max} in a
   * short time.
   */
  FIXED_WINDOW("fixed-window") {
    @Override
    Result hit(CounterState state, long now, long max, long window) {
      long start = state == null || now - state.a() >= window ? now : state.a();
      long count = state == null || start != state.a() ? 0 : state.b();
      long resetAt = start + window;
      if (count < max) {
        count++;
        return new Result(
            new CounterState(start, count, 0),
            new Decision(true, max - count, resetAt, 0, count, start));
      }
      return new Result(state, new Decision(false, 0, resetAt, resetAt - now, count, start));
    }

    @Override
    CounterState refund(CounterState state, long generation, long max, long window) {
      if (state == null || state.a() != generation || state.b() <= 0) {
        return state;
      }
      return new CounterState(state.a(), state.b() - 1, 0);
    }
  },

  /**
   * Windows aligned on multiples of {@code windowMs}; a request passes when the requests of the
   * current window, plus those of the previous one weighted by how much of it still overlaps the
   * last {@code windowMs}, stay within {@code max}. No burst of {@code 2 × max} at a window's edge;
   * the estimate assumes the previous window's requests were spread evenly.
   */
  SLIDING_WINDOW("sliding-window") {
    @Override
    Result hit(CounterState state, long now, long max, long window) {
      long index = Math.floorDiv(now, window);
      long current = 0;
      long previous = 0;
      if (state != null && state.a() >= index) {
        // Another gateway's clock may run a little ahead: its window is the current one.
        index = state.a();
        current = state.b();
        previous = state.c();
      } else if (state != null && state.a() == index - 1) {
        previous = state.b();
      }
      long elapsed = Math.max(0, Math.min(window, now - index * window));
      long weighted = previous * (window - elapsed) + current * window;
      long resetAt = (index + 1) * window;
      if (weighted + window <= max * window) {
        current++;
        weighted += window;
        return new Result(
            new CounterState(index, current, previous),
            new Decision(
                true,
                (max * window - weighted) / window,
                resetAt,
                0,
                ceilDiv(weighted, window),
                index));
      }
      long retryAt = retryAt(index, elapsed, current, previous, max, window);
      return new Result(
          state, new Decision(false, 0, resetAt, retryAt - now, ceilDiv(weighted, window), index));
    }

    /** The first moment a request passes, when one does not pass now. */
    private long retryAt(
        long index, long elapsed, long current, long previous, long max, long window) {
      if (current <= max - 1 && previous > 0) {
        // previous × (window − e) ≤ (max − 1 − current) × window, for e into this window
        long e = ceilDiv(window * (previous - (max - 1 - current)), previous);
        if (e < window) {
          return index * window + Math.max(e, elapsed);
        }
      }
      // In the next window this one's requests are the previous ones.
      long e = current <= max - 1 ? 0 : ceilDiv(window * (current - (max - 1)), current);
      return (index + 1) * window + e;
    }

    @Override
    CounterState refund(CounterState state, long generation, long max, long window) {
      if (state == null || state.a() != generation || state.b() <= 0) {
        return state;
      }
      return new CounterState(state.a(), state.b() - 1, state.c());
    }
  },

  /**
   * A bucket of {@code max} tokens, refilled evenly over {@code windowMs}; a request takes one. A
   * full bucket lets a burst of {@code max} through, then one request per {@code windowMs / max}.
   */
  TOKEN_BUCKET("token-bucket") {
    @Override
    Result hit(CounterState state, long now, long max, long window) {
      long capacity = max * window;
      long units;
      long at;
      if (state == null) {
        units = capacity;
        at = now;
      } else {
        long idle = Math.max(0, now - state.a());
        units = idle >= window ? capacity : Math.min(capacity, state.b() + idle * max);
        at = Math.max(now, state.a());
      }
      if (units >= window) {
        units -= window;
        long remaining = units / window;
        return new Result(
            new CounterState(at, units, 0),
            new Decision(
                true, remaining, at + ceilDiv(capacity - units, max), 0, max - remaining, 0));
      }
      return new Result(
          new CounterState(at, units, 0),
          new Decision(
              false, 0, at + ceilDiv(capacity - units, max), ceilDiv(window - units, max), max, 0));
    }

    @Override
    CounterState refund(CounterState state, long generation, long max, long window) {
      if (state == null) {
        return null;
      }
      return new CounterState(state.a(), Math.min(max * window, state.b() + window), 0);
    }
  };

  /** The largest {@code max}: with {@link #MAX_WINDOW_MS}, products stay exact in Lua. */
  static final long MAX_LIMIT = 1_000_000;

  /** The longest window: 30 days. */
  static final long MAX_WINDOW_MS = 2_592_000_000L;

  private final String id;

  Algorithm(String id) {
    this.id = id;
  }

  /** The name in configuration files, e.g. {@code sliding-window}. */
  String id() {
    return id;
  }

  static Algorithm of(String id) {
    for (Algorithm algorithm : values()) {
      if (algorithm.id.equals(id)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("unknown algorithm " + id);
  }

  /**
   * Counts a request at {@code now} if it passes.
   *
   * @param state the counter's state, or null for a counter never used (or idle long enough)
   */
  abstract Result hit(CounterState state, long now, long max, long window);

  /**
   * Gives back a request counted in {@code generation} (skipped failed or successful requests);
   * nothing changes when that window is over.
   */
  abstract CounterState refund(CounterState state, long generation, long max, long window);

  /** A counter left alone this long is as if it had never been used, whatever the algorithm. */
  static long idleMillis(long window) {
    return 2 * window;
  }

  /** The new state and the decision. */
  record Result(CounterState state, Decision decision) {}

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
