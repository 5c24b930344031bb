package dev.gatehouse.core.identity.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.oauth2.SigningKey;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfiguredSigningKeyTest {

  private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");

  @Test
  void anRsaKeyInPkcs8SignsWithRs256AndPublishesItsModulus() throws Exception {
    KeyPair pair = generate("RSA", 2048);
    SigningKey key = ConfiguredSigningKey.parse(pem("PRIVATE KEY", pair), null, NOW);

    RSAPublicKey expected = (RSAPublicKey) pair.getPublic();
    JsonObject published = key.publicJwk();
    assertThat(key.algorithm()).isEqualTo("RS256");
    assertThat(number(published.getString("n"))).isEqualTo(expected.getModulus());
    assertThat(number(published.getString("e"))).isEqualTo(expected.getPublicExponent());
    assertThat(published.fieldNames()).doesNotContain("d", "p", "q", "dp", "dq", "qi");
    assertThat(key.privateJwk().getString("d")).isNotBlank();
    assertThat(key.keyId()).isEqualTo(published.getString("kid")).hasSize(43);
  }

  @Test
  void aPkcs1RsaKeyIsReadToo() throws Exception {
    KeyPair pair = generate("RSA", 2048);
    byte[] pkcs1 =
        PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    SigningKey key = ConfiguredSigningKey.parse(pem("RSA PRIVATE KEY", pkcs1), "PS384", NOW);

    assertThat(key.algorithm()).isEqualTo("PS384");
    assertThat(number(key.publicJwk().getString("n")))
        .isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
  }

  @ParameterizedTest
  @CsvSource({
    "secp256r1, P-256, ES256, 32",
    "secp384r1, P-384, ES384, 48",
    "secp521r1, P-521, ES512, 66"
  })
  void anEcKeyDerivesItsPublicPointOnEachCurve(String curve, String crv, String alg, int size)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    KeyPair pair = generator.generateKeyPair();

    SigningKey key = ConfiguredSigningKey.parse(pem("PRIVATE KEY", pair), null, NOW);

    ECPublicKey expected = (ECPublicKey) pair.getPublic();
    JsonObject jwk = key.publicJwk();
    assertThat(key.algorithm()).isEqualTo(alg);
    assertThat(jwk.getString("crv")).isEqualTo(crv);
    assertThat(bytes(jwk.getString("x"))).hasSize(size);
    assertThat(number(jwk.getString("x"))).isEqualTo(expected.getW().getAffineX());
    assertThat(number(jwk.getString("y"))).isEqualTo(expected.getW().getAffineY());
    assertThat(jwk.containsKey("d")).isFalse();
  }

  @Test
  void aSec1EcKeyNamesItsCurveItself() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    ECPrivateKey inner =
        ECPrivateKey.getInstance(
            PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey());
    byte[] sec1 =
        new ECPrivateKey(256, inner.getKey(), new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"))
            .getEncoded();

    SigningKey key = ConfiguredSigningKey.parse(pem("EC PRIVATE KEY", sec1), "ES256", NOW);

    assertThat(number(key.publicJwk().getString("x")))
        .isEqualTo(((ECPublicKey) pair.getPublic()).getW().getAffineX());
  }

  @Test
  void anEd25519KeySignsWithEdDsa() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    SigningKey key = ConfiguredSigningKey.parse(pem("PRIVATE KEY", pair), null, NOW);

    byte[] x509 = pair.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    assertThat(key.algorithm()).isEqualTo("EdDSA");
    assertThat(key.publicJwk().getString("kty")).isEqualTo("OKP");
    assertThat(key.publicJwk().getString("crv")).isEqualTo("Ed25519");
    assertThat(bytes(key.publicJwk().getString("x"))).isEqualTo(raw);
  }

  @Test
  void aSecretSignsWithHs256AsExpressGatewayDid() {
    SigningKey key = ConfiguredSigningKey.parse("0123456789abcdef0123456789abcdef", null, NOW);

    assertThat(key.algorithm()).isEqualTo("HS256");
    assertThat(key.keyId()).isEqualTo(ConfiguredSigningKey.SECRET_KEY_ID);
    assertThat(key.privateJwk().getString("kty")).isEqualTo("oct");
    assertThat(key.publicJwk().containsKey("k")).isFalse();
  }

  @Test
  void aSecretShorterThanItsHashIsRefusedWithAWayOut() {
    assertThatThrownBy(() -> ConfiguredSigningKey.parse("short", "HS256", NOW))
        .hasMessageContaining("at least 32 bytes")
        .hasMessageContaining("openssl rand");
    assertThatThrownBy(
            () -> ConfiguredSigningKey.parse("0123456789abcdef0123456789abcdef", "HS512", NOW))
        .hasMessageContaining("at least 64 bytes");
  }

  @Test
  void keysThatCannotSignTheAlgorithmAreRefused() throws Exception {
    String rsa = pem("PRIVATE KEY", generate("RSA", 2048));
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    String p384 = pem("PRIVATE KEY", ec.generateKeyPair());

    assertThatThrownBy(() -> ConfiguredSigningKey.parse(rsa, "ES256", NOW))
        .hasMessageContaining("cannot sign with an RSA key");
    assertThatThrownBy(() -> ConfiguredSigningKey.parse(p384, "ES256", NOW))
        .hasMessageContaining("on P-384")
        .hasMessageContaining("ES384");
    assertThatThrownBy(() -> ConfiguredSigningKey.parse(rsa, "HS256", NOW))
        .hasMessageContaining("shared secret");
    assertThatThrownBy(
            () -> ConfiguredSigningKey.parse("0123456789abcdef0123456789abcdef", "RS256", NOW))
        .hasMessageContaining("needs a PEM private key");
  }

  @Test
  void shortRsaKeysEncryptedKeysAndCutPemAreRefused() throws Exception {
    String small = pem("PRIVATE KEY", generate("RSA", 1024));
    assertThatThrownBy(() -> ConfiguredSigningKey.parse(small, null, NOW))
        .hasMessageContaining("1024 bits");
    assertThatThrownBy(
            () ->
                ConfiguredSigningKey.parse(
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
                    null,
                    NOW))
        .hasMessageContaining("encrypted");
    assertThatThrownBy(
            () -> ConfiguredSigningKey.parse("-----BEGIN PRIVATE KEY-----\nMIIE", null, NOW))
        .hasMessageContaining("incomplete");
    assertThatThrownBy(
            () ->
                ConfiguredSigningKey.parse(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", null, NOW))
        .hasMessageContaining("found BEGIN CERTIFICATE");
    assertThatThrownBy(
            () ->
                ConfiguredSigningKey.parse(
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", null, NOW))
        .hasMessageContaining("not a DER-encoded key");
  }

  private static KeyPair generate(String algorithm, int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private static String pem(String type, KeyPair pair) {
    return pem(type, pair.getPrivate().getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] bytes(String base64url) {
    return Base64.getUrlDecoder().decode(base64url);
  }

  private static BigInteger number(String base64url) {
    return new BigInteger(1, bytes(base64url));
  }
}
