package dev.gatehouse.plugins.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.plugins.jwt.keys.StaticKeySource;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@code jwt} step costs a request: one token (minted by Nimbus, typical Auth0-sized claims)
 * checked by the step's verifier with a static key: parsing, the header checks, the signature and
 * the claims (issuer, audience, expiry).
 *
 * <p>Run (from the repository root; the reactor build puts the worktree's modules on the class
 * path): {@code mvn -B -o -q -pl plugins/jwt -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test && java -cp
 * plugins/jwt/target/test-classes:plugins/jwt/target/classes:$(cat /tmp/cp.txt)
 * org.openjdk.jmh.Main JwtVerifyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwtVerifyBenchmark {

  private static final String ISSUER = "https://tenant.example.com/";
  private static final String AUDIENCE = "https://orders.example.com";
  private static final byte[] SECRET =
      "a-shared-secret-of-thirty-two-bytes-or-more".getBytes(StandardCharsets.UTF_8);

  @Param({"HS256", "RS256", "ES256"})
  String algorithm;

  /** Whether accepted tokens are remembered: a client sending the same token again. */
  @Param({"false", "true"})
  boolean remembered;

  private JoseAdapter verifier;
  private String token;

  @Setup
  public void mint() throws JOSEException {
    Key verificationKey;
    JWSSigner signer;
    switch (algorithm) {
      case "HS256" -> {
        verificationKey = new HmacKey(SECRET);
        signer = new MACSigner(SECRET);
      }
      case "RS256" -> {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        verificationKey = rsa.toRSAPublicKey();
        signer = new RSASSASigner(rsa);
      }
      case "ES256" -> {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        verificationKey = ec.toECPublicKey();
        signer = new ECDSASigner(ec);
      }
      default -> throw new IllegalArgumentException(algorithm);
    }
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("auth0|5f7c8ec7c33c6c004bbafe82")
            .audience(List.of(AUDIENCE, ISSUER + "userinfo"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .claim("azp", "0oa1b2c3d4e5f6g7h8i9")
            .claim("scope", "openid profile read:orders write:orders")
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.parse(algorithm)), claims);
    jwt.sign(signer);
    token = jwt.serialize();
    verifier =
        new JoseAdapter(
            new StaticKeySource(verificationKey),
            Set.of(algorithm),
            List.of(ISSUER),
            List.of(AUDIENCE),
            0,
            List.of(),
            8192,
            remembered ? 10_000 : 0);
    if (verify() == null) {
      throw new IllegalStateException("the token does not verify");
    }
  }

  /** A static key resolves at once, so the future is complete when verify returns. */
  @Benchmark
  public JwtClaims verify() {
    return verifier.verify(token).result();
  }
}
