package dev.gatehouse.core.identity.secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through BouncyCastle's {@link OpenBSDBCrypt}; the only class that knows that library. It
 * writes {@code $2b$} hashes and checks {@code $2a$}, {@code $2b$} and {@code $2y$} ones (Express
 * Gateway's bcryptjs writes {@code $2a$}). A check recomputes the hash with the stored salt and
 * cost and compares the two texts through a {@link SecretComparator}.
 *
 * <p>Both operations cost tens of milliseconds at the default cost: never call them on an event
 * loop.
 */
final class BcryptAdapter {

  private static final Pattern HASH =
      Pattern.compile("\\$(2[aby])\\$(\\d\\d)\\$([./A-Za-z0-9]{53})");

  /** bcrypt's own base64 alphabet, and the standard one at the same positions. */
  private static final String BCRYPT_ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private static final String STANDARD_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private static final int SALT_CHARS = 22;
  private static final int SALT_BYTES = 16;
  private static final String VERSION = "2b";

  private final SecureRandom random = new SecureRandom();

  static boolean isHash(String stored) {
    return stored != null && HASH.matcher(stored).matches();
  }

  /** A new {@code $2b$} hash of the password with a random salt. */
  String hash(String password, int cost) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(VERSION, password.getBytes(StandardCharsets.UTF_8), salt, cost);
  }

  /** Whether the presented password hashes to the stored hash; false for a malformed hash. */
  boolean matches(String stored, String presented, SecretComparator comparator) {
    Matcher hash = HASH.matcher(stored);
    if (!hash.matches() || presented.isEmpty()) {
      return false;
    }
    int cost = Integer.parseInt(hash.group(2));
    if (cost < 4 || cost > 31) {
      return false;
    }
    byte[] salt = decodeSalt(hash.group(3).substring(0, SALT_CHARS));
    // OpenBSDBCrypt clears the array it is given: hand it a copy of its own.
    String recomputed =
        OpenBSDBCrypt.generate(
            hash.group(1), presented.getBytes(StandardCharsets.UTF_8), salt, cost);
    return comparator.same(
        stored.getBytes(StandardCharsets.US_ASCII), recomputed.getBytes(StandardCharsets.US_ASCII));
  }

  /** bcrypt's 22 salt characters are base64 in its own alphabet, without padding: 16 bytes. */
  private static byte[] decodeSalt(String encoded) {
    char[] standard = new char[SALT_CHARS + 2];
    for (int i = 0; i < SALT_CHARS; i++) {
      standard[i] = STANDARD_ALPHABET.charAt(BCRYPT_ALPHABET.indexOf(encoded.charAt(i)));
    }
    standard[SALT_CHARS] = '=';
    standard[SALT_CHARS + 1] = '=';
    return Base64.getDecoder().decode(new String(standard));
  }
}
