package dev.gatehouse.core.identity.oauth2;

import dev.gatehouse.core.identity.secret.SecretComparator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque token values in Express Gateway's shape, {@code <id>|<secret>} (two 32-digit hex numbers,
 * 128 random bits each), and how their secrets are kept: a SHA-256 digest ({@code sha256:<hex>}),
 * compared in constant time. A token that an Express Gateway store holds with its secret encrypted
 * ({@code tokenEncrypted}, Node's {@code createCipher} under {@code crypto.cipherKey}) is checked
 * by decrypting it, so tokens issued before a migration keep working.
 *
 * <pre>{@code
 * OpaqueTokens.Value value = tokens.generate();          // value.text() goes to the client
 * tokens.matches(value.secret(), tokens.hash(value.secret()));
 * }</pre>
 */
final class OpaqueTokens {

  private static final String PREFIX = "sha256:";
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random = new SecureRandom();
  private final SecretComparator comparator = SecretComparator.constantTime();
  private final String cipherKey;

  /**
   * @param cipherKey {@code crypto.cipherKey}, for Express Gateway's encrypted token secrets
   */
  OpaqueTokens(String cipherKey) {
    this.cipherKey = cipherKey;
  }

  /** A token's id and secret. */
  record Value(String id, String secret) {

    /** What the client presents. */
    String text() {
      return id + "|" + secret;
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
      return "Value[" + id + "]";
    }
  }

  /** A new random id and secret. */
  Value generate() {
    return new Value(hex128(), hex128());
  }

  /** A random 128-bit value in 32 hex digits (ids of codes and sessions too). */
  String hex128() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** The parts of a presented token, or null when it is not of the {@code id|secret} shape. */
  static Value parse(String presented) {
    if (presented == null) {
      return null;
    }
    int bar = presented.indexOf('|');
    if (bar < 1 || bar == presented.length() - 1 || presented.indexOf('|', bar + 1) >= 0) {
      return null;
    }
    return new Value(presented.substring(0, bar), presented.substring(bar + 1));
  }

  /** The stored form of a secret. */
  static String hash(String secret) {
    return PREFIX + HEX.formatHex(sha256(secret));
  }

  /** An id under which a secret value (a code, a session id) is stored: its digest, in hex. */
  static String digest(String secret) {
    return HEX.formatHex(sha256(secret));
  }

  /**
   * Whether a presented secret is the stored one: {@code tokenHash} as Gatehouse writes it, else
   * Express Gateway's {@code tokenEncrypted}.
   */
  boolean matches(String presented, String tokenHash, String tokenEncrypted) {
    if (tokenHash != null && tokenHash.startsWith(PREFIX)) {
      byte[] expected;
      try {
        expected = HEX.parseHex(tokenHash.substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        return false;
      }
      return comparator.same(expected, sha256(presented));
    }
    if (tokenEncrypted != null) {
      String clear = decryptExpressGateway(tokenEncrypted);
      return clear != null && comparator.same(sha256(clear), sha256(presented));
    }
    return false;
  }

  /**
   * Node's {@code createCipher('aes256', cipherKey)} reversed: AES-256-CBC with the key and IV that
   * OpenSSL's {@code EVP_BytesToKey} (MD5, one round, no salt) derives from the cipher key; the
   * text is hex. Null when it does not decrypt.
   */
  String decryptExpressGateway(String hexText) {
    try {
      byte[] keyAndIv = bytesToKey(cipherKey.getBytes(StandardCharsets.UTF_8), 48);
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(Arrays.copyOfRange(keyAndIv, 0, 32), "AES"),
          new IvParameterSpec(Arrays.copyOfRange(keyAndIv, 32, 48)));
      return new String(cipher.doFinal(HEX.parseHex(hexText)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The inverse of {@link #decryptExpressGateway}, for tests that write Express Gateway data. */
  String encryptExpressGateway(String clear) {
    try {
      byte[] keyAndIv = bytesToKey(cipherKey.getBytes(StandardCharsets.UTF_8), 48);
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(Arrays.copyOfRange(keyAndIv, 0, 32), "AES"),
          new IvParameterSpec(Arrays.copyOfRange(keyAndIv, 32, 48)));
      return HEX.formatHex(cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC is unavailable in this Java runtime", e);
    }
  }

  private static byte[] bytesToKey(byte[] password, int length) throws GeneralSecurityException {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] out = new byte[length];
    byte[] previous = new byte[0];
    int filled = 0;
    while (filled < length) {
      md5.update(previous);
      md5.update(password);
      previous = md5.digest();
      int n = Math.min(previous.length, length - filled);
      System.arraycopy(previous, 0, out, filled, n);
      filled += n;
    }
    return out;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this Java runtime", e);
    }
  }
}
