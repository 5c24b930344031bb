package dev.gatehouse.core.identity.oauth2;

import dev.gatehouse.api.oauth2.SigningKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The signing key {@code system.config.yml} configures for JWT access tokens ({@code
 * accessTokens.secretOrPrivateKey} or {@code secretOrPrivateKeyFile}, with {@code algorithm}), as a
 * JSON Web Key: an HMAC secret for HS*, or a PEM private key for RS*, PS* (RSA, at least 2048
 * bits), ES256, ES384, ES512 (EC on P-256, P-384, P-521) and EdDSA (Ed25519). PEM keys may be
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN
 * EC PRIVATE KEY}); the public half is derived from the private key, so one file is enough. Without
 * {@code algorithm}, a PEM key signs with its family's usual algorithm (RS256, the curve's ES*,
 * EdDSA) and a secret with HS256, as Express Gateway did.
 *
 * <p>Asymmetric keys are named by their RFC 7638 thumbprint and published in the JWKS; HMAC secrets
 * are never published.
 *
 * <pre>{@code
 * SigningKey key = ConfiguredSigningKey.parse(pemText, "ES256", Instant.now());
 * key.publicJwk();   // {"kty":"EC","crv":"P-256","x":...,"y":...,"kid":...,"alg":"ES256"}
 * }</pre>
 */
public final class ConfiguredSigningKey {

  /** The key id of a configured HMAC secret (not published, not put in tokens). */
  public static final String SECRET_KEY_ID = "configured-secret";

  static final int MIN_RSA_BITS = 2048;

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** id-Ed25519 (RFC 8410). */
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  /** JOSE curve names by their object identifier. */
  private static final Map<ASN1ObjectIdentifier, String> CURVES =
      Map.of(
          X9ObjectIdentifiers.prime256v1, "P-256",
          SECObjectIdentifiers.secp384r1, "P-384",
          SECObjectIdentifiers.secp521r1, "P-521");

  private static final Map<String, String> CURVE_ALGORITHMS =
      Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");

  private ConfiguredSigningKey() {}

  /**
   * Reads a configured key.
   *
   * @param text the secret, or the PEM text of a private key
   * @param algorithm {@code accessTokens.algorithm}, or null to derive it from the key
   * @throws IllegalArgumentException saying what is wrong with the key and how to fix it
   */
  public static SigningKey parse(String text, String algorithm, Instant now) {
    Matcher pem = PEM.matcher(text);
    if (!pem.find()) {
      if (text.contains("-----BEGIN")) {
        throw new IllegalArgumentException(
            "the PEM text is incomplete: a -----BEGIN ...----- line needs its -----END ...-----");
      }
      return secret(text, algorithm == null ? "HS256" : algorithm, now);
    }
    if (algorithm != null && algorithm.startsWith("HS")) {
      throw new IllegalArgumentException(
          algorithm + " signs with a shared secret, but the key is a PEM private key");
    }
    String type = pem.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not base64: " + e.getMessage());
    }
    JsonObject jwk =
        switch (type) {
          case "PRIVATE KEY" -> pkcs8(der);
          case "RSA PRIVATE KEY" -> rsa(RSAPrivateKey.getInstance(asn1(der)));
          case "EC PRIVATE KEY" -> sec1(ECPrivateKey.getInstance(asn1(der)), null);
          case "ENCRYPTED PRIVATE KEY" ->
              throw new IllegalArgumentException(
                  "the private key is encrypted; store it decrypted (openssl pkcs8 -topk8 -nocrypt"
                      + " -in key.pem) and protect the file instead");
          default ->
              throw new IllegalArgumentException(
                  "expected a private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY),"
                      + " found BEGIN "
                      + type);
        };
    String alg = algorithm == null ? defaultAlgorithm(jwk) : algorithm;
    check(jwk, alg);
    String kid = thumbprint(jwk);
    jwk.put("kid", kid).put("use", "sig").put("alg", alg);
    return new SigningKey(kid, alg, jwk, now, null);
  }

  private static SigningKey secret(String text, String algorithm, Instant now) {
    if (!algorithm.startsWith("HS")) {
      throw new IllegalArgumentException(
          algorithm + " needs a PEM private key (-----BEGIN PRIVATE KEY-----), not a secret");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int needed = Integer.parseInt(algorithm.substring(2)) / 8;
    if (bytes.length < needed) {
      throw new IllegalArgumentException(
          algorithm
              + " needs a secret of at least "
              + needed
              + " bytes; this one has "
              + bytes.length
              + " (generate one with: openssl rand -base64 "
              + needed
              + ")");
    }
    JsonObject jwk =
        new JsonObject().put("kty", "oct").put("k", base64(bytes)).put("alg", algorithm);
    return new SigningKey(SECRET_KEY_ID, algorithm, jwk, now, null);
  }

  private static ASN1Primitive asn1(byte[] der) {
    try {
      return ASN1Primitive.fromByteArray(der);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the PEM body is not a DER-encoded key: " + e);
    }
  }

  private static JsonObject pkcs8(byte[] der) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(asn1(der));
      ASN1ObjectIdentifier type = info.getPrivateKeyAlgorithm().getAlgorithm();
      if (PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
        return rsa(RSAPrivateKey.getInstance(info.parsePrivateKey()));
      }
      if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
        ASN1Primitive parameters = info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive();
        return sec1(ECPrivateKey.getInstance(info.parsePrivateKey()), parameters);
      }
      if (ED25519.equals(type)) {
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        byte[] x = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        return new JsonObject()
            .put("kty", "OKP")
            .put("crv", "Ed25519")
            .put("x", base64(x))
            .put("d", base64(seed));
      }
      throw new IllegalArgumentException(
          "keys of type " + type + " cannot sign JWTs; use an RSA, EC or Ed25519 key");
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException known && known.getMessage() != null) {
        throw known;
      }
      throw new IllegalArgumentException("the PKCS#8 key cannot be read: " + e);
    }
  }

  private static JsonObject rsa(RSAPrivateKey key) {
    return new JsonObject()
        .put("kty", "RSA")
        .put("n", unsigned(key.getModulus()))
        .put("e", unsigned(key.getPublicExponent()))
        .put("d", unsigned(key.getPrivateExponent()))
        .put("p", unsigned(key.getPrime1()))
        .put("q", unsigned(key.getPrime2()))
        .put("dp", unsigned(key.getExponent1()))
        .put("dq", unsigned(key.getExponent2()))
        .put("qi", unsigned(key.getCoefficient()));
  }

  /** An EC key: the curve from the PKCS#8 parameters or the key's own, the public point derived. */
  private static JsonObject sec1(ECPrivateKey key, ASN1Primitive outerParameters) {
    ASN1Primitive parameters = outerParameters;
    if (parameters == null && key.getParametersObject() != null) {
      parameters = key.getParametersObject().toASN1Primitive();
    }
    if (!(parameters instanceof ASN1ObjectIdentifier oid) || !CURVES.containsKey(oid)) {
      throw new IllegalArgumentException(
          "the EC key must be on a named curve P-256, P-384 or P-521");
    }
    String curve = CURVES.get(oid);
    X9ECParameters domain = ECNamedCurveTable.getByOID(oid);
    BigInteger d = key.getKey();
    ECPoint point = domain.getG().multiply(d).normalize();
    int size = (domain.getCurve().getFieldSize() + 7) / 8;
    return new JsonObject()
        .put("kty", "EC")
        .put("crv", curve)
        .put("x", fixed(point.getAffineXCoord().toBigInteger(), size))
        .put("y", fixed(point.getAffineYCoord().toBigInteger(), size))
        .put("d", fixed(d, size));
  }

  private static String defaultAlgorithm(JsonObject jwk) {
    return switch (jwk.getString("kty")) {
      case "RSA" -> "RS256";
      case "EC" -> CURVE_ALGORITHMS.get(jwk.getString("crv"));
      default -> "EdDSA";
    };
  }

  private static void check(JsonObject jwk, String algorithm) {
    String kty = jwk.getString("kty");
    switch (kty) {
      case "RSA" -> {
        if (!algorithm.startsWith("RS") && !algorithm.startsWith("PS")) {
          throw mismatch(algorithm, "an RSA key", "RS256, RS384, RS512, PS256, PS384 or PS512");
        }
        int bits = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n"))).bitLength();
        if (bits < MIN_RSA_BITS) {
          throw new IllegalArgumentException(
              "the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are needed");
        }
      }
      case "EC" -> {
        String expected = CURVE_ALGORITHMS.get(jwk.getString("crv"));
        if (!expected.equals(algorithm)) {
          throw mismatch(algorithm, "an EC key on " + jwk.getString("crv"), expected);
        }
      }
      default -> {
        if (!"EdDSA".equals(algorithm)) {
          throw mismatch(algorithm, "an Ed25519 key", "EdDSA");
        }
      }
    }
  }

  private static IllegalArgumentException mismatch(String algorithm, String key, String fits) {
    return new IllegalArgumentException(
        "algorithm " + algorithm + " cannot sign with " + key + "; it signs " + fits);
  }

  /** RFC 7638: SHA-256 over the required members in lexicographic order. */
  static String thumbprint(JsonObject jwk) {
    String canonical =
        switch (jwk.getString("kty")) {
          case "RSA" ->
              "{\"e\":\""
                  + jwk.getString("e")
                  + "\",\"kty\":\"RSA\",\"n\":\""
                  + jwk.getString("n")
                  + "\"}";
          case "EC" ->
              "{\"crv\":\""
                  + jwk.getString("crv")
                  + "\",\"kty\":\"EC\",\"x\":\""
                  + jwk.getString("x")
                  + "\",\"y\":\""
                  + jwk.getString("y")
                  + "\"}";
          default ->
              "{\"crv\":\""
                  + jwk.getString("crv")
                  + "\",\"kty\":\"OKP\",\"x\":\""
                  + jwk.getString("x")
                  + "\"}";
        };
    try {
      return base64(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static String unsigned(BigInteger value) {
    byte[] raw = value.toByteArray();
    if (raw.length > 1 && raw[0] == 0) {
      byte[] trimmed = new byte[raw.length - 1];
      System.arraycopy(raw, 1, trimmed, 0, trimmed.length);
      raw = trimmed;
    }
    return base64(raw);
  }

  /** A field element or scalar as exactly {@code size} big-endian bytes (RFC 7518 6.2.1.2). */
  static String fixed(BigInteger value, int size) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, fixed, size - copy, copy);
    return base64(fixed);
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
