package dev.gatehouse.plugins.jwt.keys;

import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/** The JWS algorithms the policy knows, by family, and which of them a key can verify. */
public final class Algorithms {

  public static final List<String> HMAC = List.of("HS256", "HS384", "HS512");
  public static final List<String> RSA =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  public static final List<String> EC = List.of("ES256", "ES384", "ES512");
  public static final List<String> EDDSA = List.of("EdDSA");

  /** Every algorithm a public key verifies. */
  public static final Set<String> ASYMMETRIC = union(RSA, EC, EDDSA);

  /** Every algorithm the policy accepts in configuration. */
  public static final Set<String> ALL = union(HMAC, RSA, EC, EDDSA);

  private Algorithms() {}

  @SafeVarargs
  private static Set<String> union(List<String>... families) {
    Set<String> all = new LinkedHashSet<>();
    for (List<String> family : families) {
      all.addAll(family);
    }
    return Set.copyOf(all);
  }

  /**
   * The algorithms {@code key} can verify: HMAC for a secret, RS and PS for RSA, the ES algorithm
   * of an EC key's curve, EdDSA for Ed25519 and Ed448.
   */
  public static Set<String> forKey(Key key) {
    if (key instanceof SecretKey) {
      return Set.copyOf(HMAC);
    }
    if (key instanceof RSAPublicKey) {
      return Set.copyOf(RSA);
    }
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return switch (bits) {
        case 256 -> Set.of("ES256");
        case 384 -> Set.of("ES384");
        case 521 -> Set.of("ES512");
        default -> Set.of();
      };
    }
    if (key instanceof EdECPublicKey) {
      return Set.copyOf(EDDSA);
    }
    return Set.of();
  }

  /** The family name of a key, for messages. */
  public static String describe(Key key) {
    if (key instanceof SecretKey) {
      return "an HMAC secret";
    }
    if (key instanceof RSAPublicKey) {
      return "an RSA public key";
    }
    if (key instanceof ECPublicKey) {
      return "an EC public key";
    }
    if (key instanceof EdECPublicKey) {
      return "an EdDSA public key";
    }
    return "a " + key.getAlgorithm() + " key";
  }
}
