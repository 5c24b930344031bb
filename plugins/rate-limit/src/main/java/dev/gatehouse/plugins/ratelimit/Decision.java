package dev.gatehouse.plugins.ratelimit;

import java.util.List;

/**
 * What a counter said about one request.
 *
 * @param allowed whether the request passes (it was counted); a rejected request is not counted
 * @param remaining how many more requests would pass now
 * @param resetAt when the window the request counted in ends, or the bucket is full again (epoch
 *     ms)
 * @param retryAfterMs for a rejection, how long until a request would pass
 * @param used how much of the limit is used, this request included (what delays are based on)
 * @param generation which window counted the request, so that a refund goes to the same one
 */
record Decision(
    boolean allowed, long remaining, long resetAt, long retryAfterMs, long used, long generation) {

  /**
   * A Redis script's reply: {@code {allowed, remaining, resetAt, retryAfterMs, used, generation}}.
   */
  static Decision fromReply(Object reply) {
    if (!(reply instanceof List<?> values) || values.size() != 6) {
      throw new IllegalStateException("unexpected reply from the rate-limit script: " + reply);
    }
    return new Decision(
        number(values.get(0)) == 1,
        number(values.get(1)),
        number(values.get(2)),
        number(values.get(3)),
        number(values.get(4)),
        number(values.get(5)));
  }

  private static long number(Object value) {
    if (value instanceof Long number) {
      return number;
    }
    throw new IllegalStateException("unexpected value from the rate-limit script: " + value);
  }
}
