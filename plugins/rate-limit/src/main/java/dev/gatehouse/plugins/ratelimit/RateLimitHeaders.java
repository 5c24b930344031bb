package dev.gatehouse.plugins.ratelimit;

import io.vertx.core.MultiMap;

/**
 * The rate-limit response headers of one step: Express Gateway's {@code X-RateLimit-Limit}, {@code
 * X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (epoch seconds), the IETF fields of
 * draft-ietf-httpapi-ratelimit-headers ({@code RateLimit-Policy: "default";q=100;w=60} and {@code
 * RateLimit: "default";r=42;t=17}), and {@code Retry-After} on a rejection. What does not change
 * per request is rendered once.
 */
final class RateLimitHeaders {

  static final String LIMIT = "X-RateLimit-Limit";
  static final String REMAINING = "X-RateLimit-Remaining";
  static final String RESET = "X-RateLimit-Reset";
  static final String POLICY = "RateLimit-Policy";
  static final String RATE_LIMIT = "RateLimit";
  static final String RETRY_AFTER = "Retry-After";

  private final String limit;
  private final String policy;
  private final String itemPrefix;

  /**
   * @param name the quota policy's name: the bucket's, or {@code default}
   */
  RateLimitHeaders(String name, long max, long windowMs) {
    this.limit = Long.toString(max);
    this.policy = "\"" + name + "\";q=" + max + ";w=" + seconds(windowMs);
    this.itemPrefix = "\"" + name + "\";r=";
  }

  /** The headers of a counted request. */
  void write(MultiMap headers, Decision decision, long now) {
    String remaining = Long.toString(decision.remaining());
    headers.set(LIMIT, limit);
    headers.set(REMAINING, remaining);
    headers.set(RESET, Long.toString(seconds(decision.resetAt())));
    headers.set(POLICY, policy);
    headers.set(
        RATE_LIMIT,
        itemPrefix + remaining + ";t=" + seconds(Math.max(0, decision.resetAt() - now)));
  }

  /** {@code Retry-After}, in whole seconds, at least one. */
  static void retryAfter(MultiMap headers, long millis) {
    headers.set(RETRY_AFTER, Long.toString(Math.max(1, seconds(millis))));
  }

  /** Milliseconds as whole seconds, rounded up. */
  private static long seconds(long millis) {
    return -Math.floorDiv(-millis, 1000);
  }
}
