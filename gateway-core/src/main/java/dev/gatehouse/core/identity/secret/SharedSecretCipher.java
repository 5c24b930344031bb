package dev.gatehouse.core.identity.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps jwt credential secrets encrypted at rest: they must be recoverable, because they verify
 * HMAC-signed tokens. AES-256-GCM under a key derived from {@code crypto.cipherKey}, a random
 * 96-bit nonce per secret, and the credential's key id as associated data, so a ciphertext copied
 * onto another credential does not decrypt. Stored as {@code aesgcm:<base64url(nonce ‖ ciphertext ‖
 * tag)>}.
 *
 * <pre>{@code
 * SharedSecretCipher cipher = new SharedSecretCipher("my cipher key");
 * String stored = cipher.encrypt("keyId", "secret");  // aesgcm:…
 * cipher.decrypt("keyId", stored);                    // "secret"
 * }</pre>
 *
 * <p>Thread-safe: a {@link Cipher} is made per call.
 */
public final class SharedSecretCipher {

  static final String PREFIX = "aesgcm:";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  /** Separates this key's use from any other derived from the same cipher key. */
  private static final byte[] KEY_PURPOSE =
      "gatehouse jwt credential secret v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param cipherKey {@code crypto.cipherKey}; the AES key is HMAC-SHA256(cipherKey, purpose)
   */
  public SharedSecretCipher(String cipherKey) {
    this.key = new SecretKeySpec(derive(cipherKey), "AES");
  }

  static boolean isEncrypted(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  public String encrypt(String keyId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this Java runtime", e);
    }
  }

  /**
   * The secret, or an exception when the text was not written under this cipher key for this key id
   * (a changed {@code crypto.cipherKey}, a copied or damaged value).
   */
  public String decrypt(String keyId, String stored) {
    if (!isEncrypted(stored)) {
      throw new IllegalArgumentException("not an encrypted secret");
    }
    try {
      byte[] sealed = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
      if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new IllegalArgumentException("too short");
      }
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the jwt secret of key "
              + keyId
              + " does not decrypt: was it written under another crypto.cipherKey?");
    }
  }

  private static byte[] derive(String cipherKey) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(cipherKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return hmac.doFinal(KEY_PURPOSE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable in this Java runtime", e);
    }
  }

  /** Keeps the key out of logs. */
  @Override
  public String toString() {
    return "SharedSecretCipher[AES-256-GCM]";
  }
}
