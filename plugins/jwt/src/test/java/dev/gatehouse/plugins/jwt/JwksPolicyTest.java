package dev.gatehouse.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.api.Response;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens checked against an issuer's JWKS served by a real HTTP server: key rotation, refreshes for
 * unknown key ids and their rate limit, outages and the refresh metric.
 */
class JwksPolicyTest {

  private static final RSAKey K1 = rsa("k1");
  private static final RSAKey K2 = rsa("k2");
  private static final RSAKey K3 = rsa("k3");
  private static final ECKey EC = ec("ec1");

  private JwksServer issuer;
  private PolicyHarness harness;

  @BeforeEach
  void startIssuer() {
    issuer = new JwksServer(K1.toPublicJWK(), EC.toPublicJWK());
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    issuer.close();
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(JWK key) {
    try {
      boolean rsa = key instanceof RSAKey;
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(rsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                  .keyID(key.getKeyID())
                  .build(),
              new JWTClaimsSet.Builder()
                  .subject("ada")
                  .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                  .build());
      jwt.sign(rsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private PolicyHarness policy(String extra) {
    harness =
        PolicyHarness.of(new JwtPolicyFactory())
            .withAction(
                "{jwksUri: '"
                    + issuer.uri()
                    + "', checkCredentialExistence: false"
                    + (extra.isEmpty() ? "" : ", " + extra)
                    + "}");
    return harness;
  }

  private Response answer(String token) {
    var run = harness.run(TestRequest.get("/").header("authorization", "Bearer " + token));
    return run.outcome().proceeds() ? null : run.outcome().response();
  }

  private boolean accepted(String token) {
    return answer(token) == null;
  }

  private double refreshes(String result) {
    Counter counter =
        harness
            .meterRegistry()
            .find("gatehouse_jwks_refreshes_total")
            .tag("result", result)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aRotatedInKeyIsPickedUpOnFirstUseAndTheOldOneServesUntilRemoved() {
    policy("jwksRefreshCooldownSeconds: 0");

    assertThat(accepted(token(K1))).isTrue();
    assertThat(accepted(token(EC))).isTrue();
    assertThat(issuer.fetches()).isEqualTo(1);

    issuer.publish(K1.toPublicJWK(), K2.toPublicJWK());
    assertThat(accepted(token(K2))).as("new kid, first use").isTrue();
    assertThat(issuer.fetches()).isEqualTo(2);
    assertThat(accepted(token(K1))).as("old kid, still published").isTrue();
    assertThat(issuer.fetches()).as("known kids cost no fetch").isEqualTo(2);

    issuer.publish(K2.toPublicJWK());
    assertThat(accepted(token(K1))).as("old kid until the set is fetched again").isTrue();
    Response unknown = answer(token(K3));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.body().toJsonObject().getString("code")).isEqualTo("auth.invalid");
    assertThat(issuer.fetches()).isEqualTo(3);
    assertThat(accepted(token(K1))).as("removed from the set").isFalse();
    assertThat(issuer.fetches()).as("an unknown kid, without cooldown").isEqualTo(4);
    assertThat(accepted(token(K2))).isTrue();
    assertThat(refreshes("success")).isEqualTo(4);
  }

  @Test
  void unknownKeyIdsCauseAtMostOneRefreshPerCooldown() {
    policy("jwksRefreshCooldownSeconds: 3600");
    assertThat(accepted(token(K1))).isTrue();

    for (int i = 0; i < 20; i++) {
      assertThat(accepted(token(rsa("made-up-" + i)))).isFalse();
    }

    assertThat(issuer.fetches()).isEqualTo(2);
    assertThat(accepted(token(K1))).isTrue();
  }

  @Test
  void anOutageKeepsTheLastGoodKeysAndCountsTheFailure() {
    policy("jwksRefreshCooldownSeconds: 0");
    assertThat(accepted(token(K1))).isTrue();

    issuer.answer(503);
    assertThat(accepted(token(K2))).isFalse();
    assertThat(issuer.fetches()).isEqualTo(2);

    assertThat(accepted(token(K1))).as("last good keys").isTrue();
    assertThat(accepted(token(EC))).isTrue();
    assertThat(refreshes("failure")).isEqualTo(1);
    assertThat(refreshes("success")).isEqualTo(1);
  }

  @Test
  void withoutAnyKeysYetAnUnreachableJwksIsA503NotA401() {
    issuer.answer(500);
    policy("");

    Response answer = answer(token(K1));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body().toJsonObject().getString("code")).isEqualTo("auth.unavailable");
    assertThat(refreshes("failure")).isEqualTo(1);
  }

  @Test
  void aJwksNeverSuppliesAnHmacKey() {
    issuer.publish(
        K1.toPublicJWK(),
        new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(
                "an-hmac-secret-of-thirty-two-bytes!!"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .keyID("oct")
            .build());
    policy("");

    assertThat(accepted(token(K1))).isTrue();
    assertThat(harness.run(TestRequest.get("/")).outcome().response().status()).isEqualTo(401);
  }
}
