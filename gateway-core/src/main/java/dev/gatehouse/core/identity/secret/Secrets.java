package dev.gatehouse.core.identity.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How credential secrets are kept and checked. A stored secret says its scheme by its form:
 *
 * <ul>
 *   <li>{@code $2a$…}, {@code $2b$…}, {@code $2y$…}: bcrypt, for passwords and oauth2 client
 *       secrets (cost {@code crypto.saltRounds}); also Express Gateway's existing hashes;
 *   <li>{@code sha256:<hex>}: key-auth key secrets, random and long enough that a fast digest is
 *       safe; the secret itself is shown once, when created;
 *   <li>{@code aesgcm:…}: jwt key secrets, encrypted ({@link SharedSecretCipher}) because HMAC
 *       verification needs them back;
 *   <li>anything else: plain text, as an Express Gateway store holds key secrets.
 * </ul>
 *
 * Every comparison goes through one {@link SecretComparator} over fixed-length values (hash texts
 * or SHA-256 digests), so neither the position of a difference nor the secret's length shows in the
 * time taken.
 *
 * <pre>{@code
 * Secrets secrets = new Secrets(10, new SharedSecretCipher(cipherKey));
 * String stored = secrets.hashPassword("s3cret");          // blocking: run on a worker
 * boolean ok = secrets.verify("user-id", stored, "s3cret"); // blocking when slow(stored)
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Secrets {

  static final String SHA256_PREFIX = "sha256:";

  private final int saltRounds;
  private final SharedSecretCipher cipher;
  private final SecretComparator comparator;
  private final BcryptAdapter bcrypt = new BcryptAdapter();

  /**
   * @param saltRounds the bcrypt cost of new hashes, 4 to 31
   * @param cipher encrypts jwt key secrets
   */
  public Secrets(int saltRounds, SharedSecretCipher cipher) {
    this(saltRounds, cipher, SecretComparator.constantTime());
  }

  Secrets(int saltRounds, SharedSecretCipher cipher, SecretComparator comparator) {
    if (saltRounds < 4 || saltRounds > 31) {
      throw new IllegalArgumentException("bcrypt cost must be 4 to 31, got " + saltRounds);
    }
    this.saltRounds = saltRounds;
    this.cipher = cipher;
    this.comparator = comparator;
  }

  /** A bcrypt hash of a password or client secret. Blocking (tens of milliseconds). */
  public String hashPassword(String password) {
    return bcrypt.hash(password, saltRounds);
  }

  /** The stored form of a key-auth key secret: {@code sha256:<hex>}. */
  public String hashKeySecret(String secret) {
    return SHA256_PREFIX + HexFormat.of().formatHex(sha256(secret));
  }

  /** The stored form of a jwt key secret: encrypted, bound to its key id. */
  public String encryptShared(String keyId, String secret) {
    return cipher.encrypt(keyId, secret);
  }

  /**
   * A jwt key secret in clear: decrypted, or as an Express Gateway store holds it; empty for hashed
   * forms, which cannot be reversed.
   *
   * @throws IllegalStateException when an encrypted secret does not decrypt under this cipher key
   */
  public Optional<String> reveal(String keyId, String stored) {
    if (stored == null || BcryptAdapter.isHash(stored) || stored.startsWith(SHA256_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(
        SharedSecretCipher.isEncrypted(stored) ? cipher.decrypt(keyId, stored) : stored);
  }

  /** Whether checking against this stored secret is slow (bcrypt): do it on a worker. */
  public boolean slow(String stored) {
    return BcryptAdapter.isHash(stored);
  }

  /**
   * Whether the presented secret is the stored one. Blocking when {@link #slow(String)}.
   *
   * @param keyId the credential's id, which encrypted secrets are bound to
   */
  public boolean verify(String keyId, String stored, String presented) {
    if (stored == null || presented == null) {
      return false;
    }
    if (BcryptAdapter.isHash(stored)) {
      return bcrypt.matches(stored, presented, comparator);
    }
    if (stored.startsWith(SHA256_PREFIX)) {
      return sameDigest(storedDigest(stored), presented);
    }
    return reveal(keyId, stored).map(clear -> sameDigest(sha256(clear), presented)).orElse(false);
  }

  private boolean sameDigest(byte[] expected, String presented) {
    return expected != null && comparator.same(expected, sha256(presented));
  }

  private static byte[] storedDigest(String stored) {
    try {
      byte[] digest = HexFormat.of().parseHex(stored.substring(SHA256_PREFIX.length()));
      return digest.length == 32 ? digest : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "Secrets[bcrypt cost " + saltRounds + "]";
  }
}
