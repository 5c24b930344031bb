package dev.gatehouse.core.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids as Express Gateway makes them: 22 base62 characters from 128 random bits. They
 * identify requests in logs and upstream; they are not secrets, so a fast per-thread generator
 * serves.
 */
final class RequestIds {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private RequestIds() {}

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
