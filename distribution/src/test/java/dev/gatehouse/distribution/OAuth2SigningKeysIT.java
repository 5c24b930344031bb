package dev.gatehouse.distribution;

import static dev.gatehouse.distribution.OAuth2Gateway.basic;
import static dev.gatehouse.distribution.OAuth2Gateway.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JWT access tokens signed with a key that {@code system.config.yml} configures ({@code
 * accessTokens.secretOrPrivateKeyFile} and {@code algorithm}), one gateway per algorithm family:
 * each token is verified by an independent library (Nimbus JOSE+JWT; the JDK for EdDSA) with the
 * key the JWKS publishes (with the shared secret for HS256, which is never published), opens the
 * {@code oauth2}-protected API, and opens the {@code jwt} policy's API that trusts the gateway's
 * own issuer without any key of its own. A configured key cannot be rotated through the Admin API.
 */
class OAuth2SigningKeysIT {

  static final String SECRET = "an HMAC secret of at least thirty-two bytes";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "RS256, RSA",
    "PS256, RSA",
    "ES384, secp384r1",
    "EdDSA, Ed25519",
    "HS256, secret",
  })
  void tokensSignedWithAConfiguredKeyVerifyIndependentlyAndOpenBothPolicies(
      String algorithm, String key) throws Exception {
    Path keyFile = dir.resolve("signing-key.pem");
    Files.writeString(keyFile, keyText(key));
    try (OAuth2Gateway gateway =
        new OAuth2Gateway(
            dir,
            """
            db: {redis: {emulate: true}}
            accessTokens:
              tokenType: jwt
              timeToExpiry: 60000
              algorithm: %s
              secretOrPrivateKeyFile: '%s'
            """
                .formatted(algorithm, keyFile),
            0)) {
      OAuth2Gateway.Identity id = gateway.identity("http://127.0.0.1:1/cb");
      HttpResponse<String> issued =
          gateway.postForm(
              "/oauth2/token",
              params("grant_type", "client_credentials", "scope", "read"),
              "authorization",
              basic(id.appId(), id.secret()));
      assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
      String token = new JsonObject(issued.body()).getString("access_token");
      SignedJWT jwt = SignedJWT.parse(token);
      assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);

      JWKSet published = JWKSet.parse(gateway.get("/.well-known/jwks.json").body());
      boolean secret = algorithm.startsWith("HS");
      if (secret) {
        assertThat(published.getKeys()).as("a shared secret is never published").isEmpty();
        assertThat(jwt.getHeader().getKeyID()).isNull();
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
      } else {
        JWK jwk = published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwk).as("kid %s in the JWKS", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwk.isPrivate()).isFalse();
        assertThat(verifies(jwt, jwk)).isTrue();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      assertThat(claims.getIssuer()).isEqualTo("gatehouse");
      assertThat(claims.getStringClaim("consumerId")).isEqualTo(id.appId());

      assertThat(gateway.get("/api/x", "authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);
      assertThat(gateway.get("/jwt/x", "authorization", "Bearer " + token).statusCode())
          .as("the jwt policy trusts the gateway's published keys, never its secret")
          .isEqualTo(secret ? 401 : 200);
      String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
      assertThat(gateway.get("/api/x", "authorization", "Bearer " + forged).statusCode())
          .isEqualTo(401);
      assertThat(gateway.get("/jwt/x", "authorization", "Bearer " + forged).statusCode())
          .isEqualTo(401);

      HttpResponse<String> rotated =
          gateway.send(
              HttpRequest.newBuilder(URI.create(gateway.adminUrl("/keys/rotate")))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(rotated.statusCode()).isEqualTo(409);
      assertThat(rotated.body()).contains("rotate it there");
      if (secret) {
        GatehouseProcess.Result cli =
            GatehouseProcess.run(Map.of(), "keys", "rotate", "--admin-url", gateway.adminUrl(""));
        assertThat(cli.status()).isNotZero();
        assertThat(cli.output()).contains("409").contains("rotate it there");
      }
    }
  }

  private static String keyText(String key) throws Exception {
    if ("secret".equals(key)) {
      return SECRET;
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance(key.startsWith("secp") ? "EC" : key);
    if (key.startsWith("secp")) {
      generator.initialize(new ECGenParameterSpec(key));
    } else if ("RSA".equals(key)) {
      generator.initialize(2048);
    }
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder()
            .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static boolean verifies(SignedJWT jwt, JWK jwk) throws Exception {
    if (jwk instanceof RSAKey rsa) {
      return jwt.verify((JWSVerifier) new RSASSAVerifier(rsa));
    }
    if (jwk instanceof ECKey ec) {
      return jwt.verify(new ECDSAVerifier(ec));
    }
    // Ed25519 with the JDK: X.509 SubjectPublicKeyInfo prefix, then the raw public key.
    byte[] raw = Base64URL.from(jwk.toJSONObject().get("x").toString()).decode();
    byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] encoded = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, encoded, 0, prefix.length);
    System.arraycopy(raw, 0, encoded, prefix.length, raw.length);
    PublicKey key =
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    Signature signature = Signature.getInstance("Ed25519");
    signature.initVerify(key);
    signature.update(jwt.getSigningInput());
    return signature.verify(jwt.getSignature().decode());
  }
}
