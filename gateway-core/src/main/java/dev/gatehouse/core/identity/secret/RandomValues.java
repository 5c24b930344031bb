package dev.gatehouse.core.identity.secret;

import java.math.BigInteger;
import java.util.UUID;

/**
 * Identifiers and secrets the identity store generates, from a cryptographically strong source
 * ({@link UUID#randomUUID()} uses {@code SecureRandom}).
 *
 * <pre>{@code
 * String keyId = RandomValues.base62();   // "4Bx0WDKrBXBHmAR6vpsrRr"
 * String userId = RandomValues.uuid();    // "6f1c…-4…"
 * }</pre>
 */
public final class RandomValues {

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** A UUIDv4's 128 bits need 22 base62 digits. */
  static final int BASE62_LENGTH = 22;

  private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);

  private RandomValues() {}

  /** A UUIDv4 in its usual text form: ids of users, applications, generated passwords. */
  public static String uuid() {
    return UUID.randomUUID().toString();
  }

  /**
   * A UUIDv4 written in 22 base62 digits, as Express Gateway's {@code uuid62} writes key ids and
   * key secrets (left-padded with zeros).
   */
  public static String base62() {
    UUID uuid = UUID.randomUUID();
    BigInteger value =
        new BigInteger(1, toBytes(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()));
    char[] digits = new char[BASE62_LENGTH];
    for (int i = BASE62_LENGTH - 1; i >= 0; i--) {
      BigInteger[] quotientAndRemainder = value.divideAndRemainder(SIXTY_TWO);
      digits[i] = BASE62[quotientAndRemainder[1].intValue()];
      value = quotientAndRemainder[0];
    }
    return new String(digits);
  }

  private static byte[] toBytes(long high, long low) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return bytes;
  }
}
