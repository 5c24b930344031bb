package dev.gatehouse.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.api.Response;
import dev.gatehouse.testkit.InvalidActionException;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jwt policy's decisions, run through the plugin testkit with tokens minted by Nimbus. */
class JwtPolicyTest {

  static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-for-tests";

  static String hs256(JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(SECRET));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWTClaimsSet.Builder claims(String subject, long expiresInSeconds) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .expirationTime(Date.from(now.plusSeconds(expiresInSeconds)));
  }

  private static PolicyHarness harness(String action) {
    return PolicyHarness.of(new JwtPolicyFactory()).withAction(action);
  }

  private static TestRequest bearer(String token) {
    return TestRequest.get("/orders").header("authorization", "Bearer " + token);
  }

  @Test
  void clockToleranceAcceptsATokenExpiredWithinIt() {
    String expired = hs256(claims("x", -20).build());
    try (PolicyHarness tolerant =
            harness(
                "{secretOrPublicKey: '"
                    + SECRET
                    + "', checkCredentialExistence: false, clockTolerance: 60}");
        PolicyHarness strict =
            harness("{secretOrPublicKey: '" + SECRET + "', checkCredentialExistence: false}")) {
      assertThat(tolerant.run(bearer(expired)).outcome().proceeds()).isTrue();
      Response refused = strict.run(bearer(expired)).outcome().response();
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body().toJsonObject().getString("code")).isEqualTo("auth.expired");
    }
  }

  @Test
  void anUncontrolledTokenBecomesAConsumerWithItsClaimsAndScopes() {
    String token =
        hs256(claims("ada@idp", 60).claim("scope", "a b").claim("scp", List.of("c")).build());
    try (PolicyHarness harness =
        harness("{secretOrPublicKey: '" + SECRET + "', checkCredentialExistence: false}")) {
      var run = harness.run(bearer(token));

      assertThat(run.outcome().proceeds()).isTrue();
      var consumer = run.exchange().consumer().orElseThrow();
      assertThat(consumer.id()).isEqualTo("ada@idp");
      assertThat(consumer.type()).isEqualTo("token");
      assertThat(consumer.scopes()).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(consumer.claims()).containsEntry("sub", "ada@idp");
    }
  }

  @Test
  void anHmacAlgorithmWithAPublicKeyIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                harness(
                    "{secretOrPublicKey: \"-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\\n-----END PUBLIC KEY-----\","
                        + " algorithms: [HS256]}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("algorithms")
        .hasMessageContaining("HS256 cannot be verified with this key");
  }

  @Test
  void twoKeySourcesAreAConfigurationError() {
    assertThatThrownBy(
            () -> harness("{secretOrPublicKey: x, jwksUri: 'https://idp.example.com/jwks'}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("jwksUri")
        .hasMessageContaining("give only one of");
  }

  @Test
  void uncontrolledModeWithoutAKeyIsAConfigurationError() {
    assertThatThrownBy(() -> harness("{checkCredentialExistence: false}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("needs a key");
  }

  @Test
  void extractorsOtherThanBearerNeedTheirField() {
    assertThatThrownBy(() -> harness("{secretOrPublicKey: x, jwtExtractor: header}"))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("jwtExtractorField");
  }
}
