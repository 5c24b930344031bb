package dev.gatehouse.plugins.ratelimit;

/**
 * The state of one counter, as the {@link Algorithm} that owns it reads it (the Redis scripts keep
 * the same three numbers in a hash):
 *
 * <ul>
 *   <li>fixed window: {@code a} the window's start (epoch ms), {@code b} the requests counted in
 *       it;
 *   <li>sliding window: {@code a} the window's index ({@code now / windowMs}), {@code b} the
 *       requests counted in it, {@code c} those counted in the window before;
 *   <li>token bucket: {@code a} when it was last filled (epoch ms), {@code b} its content in units
 *       of which one request takes {@code windowMs} and a millisecond adds {@code max}.
 * </ul>
 *
 * Immutable, so a counter changes by swapping its state atomically.
 */
record CounterState(long a, long b, long c) {}
