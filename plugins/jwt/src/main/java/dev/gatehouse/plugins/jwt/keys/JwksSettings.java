package dev.gatehouse.plugins.jwt.keys;

import java.net.URI;
import java.time.Duration;

/**
 * How a remote JWKS is fetched and kept.
 *
 * @param uri the document's address
 * @param minCache the shortest time a document is kept (also the wait before retrying a failure)
 * @param maxCache the longest time a document is kept
 * @param defaultCache how long a document without {@code Cache-Control: max-age} is kept
 * @param refreshCooldown the least time between two refreshes caused by an unknown {@code kid}
 * @param timeout how long one fetch may take
 */
public record JwksSettings(
    URI uri,
    Duration minCache,
    Duration maxCache,
    Duration defaultCache,
    Duration refreshCooldown,
    Duration timeout) {

  /** The largest JWKS document read. */
  public static final int MAX_DOCUMENT_BYTES = 512 * 1024;

  /** How long to keep a document whose response said {@code max-age} seconds (or null). */
  public Duration cacheFor(Long maxAgeSeconds) {
    Duration wanted = maxAgeSeconds == null ? defaultCache : Duration.ofSeconds(maxAgeSeconds);
    if (wanted.compareTo(minCache) < 0) {
      return minCache;
    }
    return wanted.compareTo(maxCache) > 0 ? maxCache : wanted;
  }

  /** How long to wait before trying again after a failed fetch: at least a second. */
  public Duration retryAfterFailure() {
    return minCache.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : minCache;
  }
}
