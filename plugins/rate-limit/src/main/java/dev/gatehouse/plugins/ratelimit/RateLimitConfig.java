package dev.gatehouse.plugins.ratelimit;

/**
 * A {@code rate-limit} step's {@code action}, validated against {@link
 * RateLimitPolicyFactory#actionSchema()} (which supplies the defaults).
 *
 * @param max requests per window and key; 0 turns limiting off (Express Gateway's)
 * @param windowMs the window, in milliseconds
 * @param rateLimitBy a {@code ${…}} template whose text is the key; the client IP when absent
 * @param headers whether responses carry the rate-limit headers
 * @param statusCode the status of a rejection
 * @param message the rejection's problem detail
 * @param delayAfter requests per window after which each one is delayed; 0 never delays
 * @param delayMs the delay per request past {@code delayAfter}
 * @param skipFailedRequests whether requests answered with a status of 400 or more are given back
 * @param skipSuccessfulRequests whether requests answered with a status below 400 are given back
 * @param algorithm {@code fixed-window}, {@code sliding-window} or {@code token-bucket}
 * @param bucket a name that steps share their counters under; the step's own when absent
 * @param store {@code local} or {@code redis}; Redis when {@code db.redis} is configured
 * @param onStoreError {@code allow} or {@code deny} requests when the store cannot be reached
 */
public record RateLimitConfig(
    long max,
    long windowMs,
    String rateLimitBy,
    boolean headers,
    int statusCode,
    String message,
    long delayAfter,
    long delayMs,
    boolean skipFailedRequests,
    boolean skipSuccessfulRequests,
    String algorithm,
    String bucket,
    String store,
    String onStoreError) {}
