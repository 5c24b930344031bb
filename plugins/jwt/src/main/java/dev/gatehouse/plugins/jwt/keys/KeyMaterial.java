package dev.gatehouse.plugins.jwt.keys;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.keys.HmacKey;

/**
 * Reads Express Gateway's {@code secretOrPublicKey}: a PEM public key ({@code BEGIN PUBLIC KEY},
 * RSA, EC or EdDSA), a PEM certificate (its public key), or else an HMAC secret taken as UTF-8
 * bytes, as jsonwebtoken does.
 */
public final class KeyMaterial {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

  private KeyMaterial() {}

  /**
   * The key in {@code text}.
   *
   * @throws IllegalArgumentException when the text is PEM that holds no usable public key; the
   *     message says what was found
   */
  public static Key parse(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("-----BEGIN ")) {
      return new HmacKey(text.getBytes(StandardCharsets.UTF_8));
    }
    Matcher pem = PEM.matcher(trimmed);
    if (!pem.find()) {
      throw new IllegalArgumentException("the PEM text is not well-formed");
    }
    String label = pem.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(2).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM text is not valid base64");
    }
    return switch (label) {
      case "PUBLIC KEY" -> publicKey(der);
      case "CERTIFICATE" -> certificateKey(der);
      case "RSA PUBLIC KEY" ->
          throw new IllegalArgumentException(
              "PKCS#1 'RSA PUBLIC KEY' is not supported; convert it with"
                  + " 'openssl rsa -RSAPublicKey_in -in key.pem -pubout'");
      default ->
          throw new IllegalArgumentException(
              "a PEM '"
                  + label
                  + "' is not a public key; give the issuer's public key (BEGIN PUBLIC KEY) or"
                  + " certificate, never a private key");
    };
  }

  private static PublicKey publicKey(byte[] der) {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this kind of key: try the next.
      }
    }
    throw new IllegalArgumentException("the public key is not an RSA, EC or EdDSA key");
  }

  private static PublicKey certificateKey(byte[] der) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der))
          .getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate cannot be read: " + e.getMessage());
    }
  }
}
