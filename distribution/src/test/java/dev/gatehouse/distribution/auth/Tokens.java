package dev.gatehouse.distribution.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints tokens for tests with Nimbus JOSE, a library independent of the jose4j the plugin uses, so
 * a shared misreading of the specifications cannot hide. HMAC with short secrets and EdDSA, which
 * Nimbus only offers with length checks or an extra library, are signed with the JDK directly.
 */
final class Tokens {

  private Tokens() {}

  static KeyPair rsa() {
    return generate("RSA", null);
  }

  /** An EC key pair on {@code secp256r1}, {@code secp384r1} or {@code secp521r1}. */
  static KeyPair ec(String curve) {
    return generate("EC", curve);
  }

  static KeyPair ed25519() {
    return generate("Ed25519", null);
  }

  private static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else if (algorithm.equals("RSA")) {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PEM ({@code BEGIN PUBLIC KEY}) of a public key. */
  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** Claims with a subject, issued now and valid for five minutes. */
  static JWTClaimsSet.Builder claims(String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(String algorithm, String keyId, JWTClaimsSet claims, JWSSigner signer) {
    return sign(
        new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).keyID(keyId).build(), claims, signer);
  }

  /** A signer for the private key (RSA, EC, Ed25519) or the HMAC secret bytes. */
  static JWSSigner signer(Object key) {
    try {
      if (key instanceof byte[] secret) {
        return new JdkSigner(null, secret);
      }
      if (key instanceof ECPrivateKey ec) {
        return new ECDSASigner(ec);
      }
      PrivateKey privateKey = (PrivateKey) key;
      if (privateKey.getAlgorithm().equals("RSA")) {
        return new RSASSASigner(privateKey);
      }
      return new JdkSigner(privateKey, null);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK of a key pair, with a key id. */
  static JWK jwk(KeyPair pair, String keyId) {
    PublicKey key = pair.getPublic();
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).keyID(keyId).build();
    }
    if (key instanceof ECPublicKey ec) {
      return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(keyId).build();
    }
    byte[] encoded = key.getEncoded();
    byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(keyId).build();
  }

  /** HMAC of any secret length and Ed25519, straight from the JDK. */
  private static final class JdkSigner implements JWSSigner {
    private final PrivateKey edKey;
    private final byte[] secret;
    private final JCAContext context = new JCAContext();

    JdkSigner(PrivateKey edKey, byte[] secret) {
      this.edKey = edKey;
      this.secret = secret;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        if (secret != null) {
          String name = "Hmac" + header.getAlgorithm().getName().replace("HS", "SHA");
          Mac mac = Mac.getInstance(name);
          mac.init(new SecretKeySpec(secret, name));
          return Base64URL.encode(mac.doFinal(signingInput));
        }
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(edKey);
        signature.update(signingInput);
        return Base64URL.encode(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException(e.getMessage(), e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return secret != null
          ? Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)
          : Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }
}
