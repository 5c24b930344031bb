package dev.gatehouse.core.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids as Express Gateway makes them: 22 base62 characters from 128 random bits. They
 * identify requests in logs and upstream; they are not secrets, so a fast per-thread generator
 * serves. An incoming {@code X-Request-ID}, when trusted, is taken if it looks like an id.
 */
final class RequestIds {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** The longest incoming id taken. */
  static final int MAX_INCOMING = 128;

  private RequestIds() {}

  /**
   * {@code incoming} when it is 1 to 128 characters of letters, digits and {@code -._~:+/=@}
   * (UUIDs, base62 and base64 ids, trace-style ids), else null: nothing else reaches logs and
   * upstream headers.
   */
  static String accept(String incoming) {
    if (incoming == null || incoming.isEmpty() || incoming.length() > MAX_INCOMING) {
      return null;
    }
    for (int i = 0; i < incoming.length(); i++) {
      char c = incoming.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~:+/=@".indexOf(c) >= 0;
      if (!allowed) {
        return null;
      }
    }
    return incoming;
  }

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong();
    long low = random.nextLong();
    char[] id = new char[22];
    for (int i = 0; i < 11; i++) {
      id[i] = ALPHABET[(int) Long.remainderUnsigned(high, 62)];
      high = Long.divideUnsigned(high, 62);
      id[11 + i] = ALPHABET[(int) Long.remainderUnsigned(low, 62)];
      low = Long.divideUnsigned(low, 62);
    }
    return new String(id);
  }
}
