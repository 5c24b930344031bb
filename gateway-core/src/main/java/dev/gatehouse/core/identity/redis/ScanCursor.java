package dev.gatehouse.core.identity.redis;

import dev.gatehouse.core.identity.IdentityException;

/**
 * Where a listing stands: a Redis {@code SCAN} cursor, how many keys of that cursor's batch were
 * already returned (a page holds at most {@code count} items, a batch may hold more), and which
 * Redis Cluster master is being scanned. Written as EG's plain cursor ({@code "0"} = done, {@code
 * "1536"}) unless a skip or a node is needed: {@code "1536.2.1"}.
 */
record ScanCursor(String cursor, int skip, int node) {

  static final ScanCursor START = new ScanCursor("0", 0, 0);

  /** Parses a page's {@code start}; null, empty and {@code "0"} mean the first page. */
  static ScanCursor parse(String start) {
    if (start == null || start.isBlank()) {
      return START;
    }
    String[] parts = start.trim().split("\\.");
    try {
      if (parts.length == 1 && parts[0].matches("\\d+")) {
        return new ScanCursor(parts[0], 0, 0);
      }
      if (parts.length == 3 && parts[0].matches("\\d+")) {
        return new ScanCursor(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw IdentityException.invalid("invalid page cursor: " + start);
  }

  @Override
  public String toString() {
    return skip == 0 && node == 0 ? cursor : cursor + "." + skip + "." + node;
  }
}
