package dev.gatehouse.core.identity.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stored forms of secrets, their checks, and the values the store generates. */
class SecretsTest {

  /** Written by bcryptjs 2.4.3, Express Gateway's library, for "eg-password-1". */
  private static final String EG_HASH =
      "$2a$10$Mxff5bHDb04gHkm1Gz/JN.w0EtvchNIdhdpTlEYiymXB3Vc8kyxDK";

  /** bcryptjs: 80 x's, of which bcrypt uses the first 72 bytes. */
  private static final String EG_LONG_HASH =
      "$2a$04$wkeYAzG5kMLaKPs94V8YI.mSFT1MfNMF.NLcZTpQwnsXniNW8ezbu";

  /** bcryptjs: "pässwörd-ü", hashed as UTF-8. */
  private static final String EG_UTF8_HASH =
      "$2a$04$y/5ymY9h.sjZD5CV2TJ07eCKsnCO8Y3vEwyrrg4/cErefh6ZGlkWW";

  /** Openwall's crypt_blowfish test vector for "U*U". */
  private static final String OPENWALL_HASH =
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

  private final Secrets secrets = new Secrets(4, new SharedSecretCipher("test cipher key"));

  @Test
  void expressGatewaysBcryptHashesVerify() {
    assertThat(secrets.verify("id", EG_HASH, "eg-password-1")).isTrue();
    assertThat(secrets.verify("id", EG_LONG_HASH, "x".repeat(80))).isTrue();
    assertThat(secrets.verify("id", EG_LONG_HASH, "x".repeat(72) + "ignored")).isTrue();
    assertThat(secrets.verify("id", EG_UTF8_HASH, "pässwörd-ü")).isTrue();
    assertThat(secrets.verify("id", OPENWALL_HASH, "U*U")).isTrue();
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertThat(secrets.verify("id", EG_HASH, "eg-password-2")).isFalse();
    assertThat(secrets.verify("id", EG_HASH, "")).isFalse();
    assertThat(secrets.verify("id", EG_HASH, null)).isFalse();
    assertThat(secrets.verify("id", EG_UTF8_HASH, "passwörd-ü")).isFalse();
    assertThat(secrets.verify("id", OPENWALL_HASH, "U*U*")).isFalse();
  }

  @Test
  void newPasswordHashesAreBcryptAtTheConfiguredCostWithAFreshSalt() {
    String first = secrets.hashPassword("s3cret");
    String second = secrets.hashPassword("s3cret");

    assertThat(first).startsWith("$2b$04$").hasSize(60);
    assertThat(second).isNotEqualTo(first);
    assertThat(secrets.slow(first)).isTrue();
    assertThat(secrets.verify("id", first, "s3cret")).isTrue();
    assertThat(secrets.verify("id", second, "s3cret")).isTrue();
    assertThat(secrets.verify("id", first, "S3cret")).isFalse();
    assertThat(new Secrets(10, new SharedSecretCipher("k")).hashPassword("x"))
        .startsWith("$2b$10$");
  }

  @Test
  void theBcryptCostMustBeOneBcryptAccepts() {
    assertThatThrownBy(() -> new Secrets(3, new SharedSecretCipher("k")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Secrets(32, new SharedSecretCipher("k")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keySecretsAreStoredAsSha256AndVerifyWithoutRevealingThemselves() {
    String stored = secrets.hashKeySecret("4Bx0WDKrBXBHmAR6vpsrRr");

    assertThat(stored).startsWith("sha256:").hasSize("sha256:".length() + 64);
    assertThat(stored).doesNotContain("4Bx0WDKrBXBHmAR6vpsrRr");
    assertThat(secrets.slow(stored)).isFalse();
    assertThat(secrets.verify("key", stored, "4Bx0WDKrBXBHmAR6vpsrRr")).isTrue();
    assertThat(secrets.verify("key", stored, "4Bx0WDKrBXBHmAR6vpsrRR")).isFalse();
    assertThat(secrets.reveal("key", stored)).isEmpty();
    assertThat(secrets.verify("key", "sha256:not-hex", "anything")).isFalse();
  }

  @Test
  void plainKeySecretsOfAnExpressGatewayStoreStillVerify() {
    assertThat(secrets.verify("key", "plain-eg-secret", "plain-eg-secret")).isTrue();
    assertThat(secrets.verify("key", "plain-eg-secret", "plain-eg-secreT")).isFalse();
    assertThat(secrets.reveal("key", "plain-eg-secret")).contains("plain-eg-secret");
  }

  @Test
  void jwtSecretsRoundTripEncryptedAndBoundToTheirKeyId() {
    String stored = secrets.encryptShared("key-1", "hmac-secret");

    assertThat(stored).startsWith("aesgcm:").doesNotContain("hmac-secret");
    assertThat(secrets.encryptShared("key-1", "hmac-secret")).isNotEqualTo(stored);
    assertThat(secrets.reveal("key-1", stored)).contains("hmac-secret");
    assertThat(secrets.verify("key-1", stored, "hmac-secret")).isTrue();
    assertThat(secrets.verify("key-1", stored, "hmac-secreT")).isFalse();
    assertThatThrownBy(() -> secrets.reveal("key-2", stored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cipherKey");
  }

  @Test
  void aJwtSecretDoesNotDecryptUnderAnotherCipherKey() {
    String stored = secrets.encryptShared("key-1", "hmac-secret");
    Secrets rekeyed = new Secrets(4, new SharedSecretCipher("another cipher key"));

    assertThatThrownBy(() -> rekeyed.reveal("key-1", stored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key-1")
        .hasMessageNotContaining("hmac-secret");
  }

  @Test
  void everyCheckComparesInConstantTimeOverFixedLengthValues() {
    List<int[]> comparisons = new ArrayList<>();
    SecretComparator recording =
        (expected, presented) -> {
          comparisons.add(new int[] {expected.length, presented.length});
          return SecretComparator.constantTime().same(expected, presented);
        };
    Secrets recorded = new Secrets(4, new SharedSecretCipher("k"), recording);

    recorded.verify("id", EG_LONG_HASH, "short");
    recorded.verify("id", recorded.hashKeySecret("right"), "a much longer wrong secret");
    recorded.verify("id", recorded.encryptShared("id", "right"), "wrong");
    recorded.verify("id", "plain", "a much longer wrong secret");

    assertThat(comparisons).hasSize(4);
    assertThat(comparisons).allSatisfy(lengths -> assertThat(lengths[0]).isEqualTo(lengths[1]));
  }

  @Test
  void generatedKeyIdsAndSecretsAre22Base62Characters() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String value = RandomValues.base62();
      assertThat(value).hasSize(22).matches("[0-9A-Za-z]{22}");
      seen.add(value);
    }
    assertThat(seen).hasSize(1000);
    assertThat(RandomValues.uuid())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void secretHoldersKeepTheirKeysOutOfTheirText() {
    assertThat(new SharedSecretCipher("top secret").toString()).doesNotContain("top secret");
    assertThat(secrets.toString()).doesNotContain("test cipher key");
  }
}
