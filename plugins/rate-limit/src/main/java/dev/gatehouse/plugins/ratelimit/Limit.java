package dev.gatehouse.plugins.ratelimit;

/**
 * What one step counts: the algorithm, its {@code max} and {@code windowMs}, and the counter space
 * its keys live in (the step's own, or a shared bucket's).
 *
 * @param space the counters' namespace, e.g. {@code bucket:search|sliding-window|60000}
 */
record Limit(String space, Algorithm algorithm, long max, long windowMs) {}
