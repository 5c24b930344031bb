package dev.gatehouse.core.identity.secret;

import java.security.MessageDigest;

/**
 * Compares a secret's bytes with the expected bytes. Every comparison of secrets in the gateway
 * goes through one, so that none leaks through timing how much of a guess was right.
 *
 * <pre>{@code
 * SecretComparator.constantTime().same(expectedDigest, presentedDigest);
 * }</pre>
 */
@FunctionalInterface
public interface SecretComparator {

  /** Whether the two arrays hold the same bytes. */
  boolean same(byte[] expected, byte[] presented);

  /**
   * A comparison whose time depends only on the lengths, never on where the first difference is
   * ({@link MessageDigest#isEqual}). Callers compare digests or fixed-length encodings, so the
   * lengths reveal nothing either.
   */
  static SecretComparator constantTime() {
    return MessageDigest::isEqual;
  }
}
