package dev.gatehouse.plugins.jwt;

import dev.gatehouse.api.auth.AuthOutcomes;
import dev.gatehouse.plugins.jwt.keys.KeyResolutionException;
import dev.gatehouse.plugins.jwt.keys.KeySource;
import dev.gatehouse.plugins.jwt.keys.TokenHead;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmFactory;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.InvalidAlgorithmException;

/**
 * Verifies tokens with jose4j; the only class that knows the library's token API. Both jose4j
 * consumers are built when the step compiles and are thread-safe; a token is parsed once, its key
 * resolved (possibly asynchronously, from a JWKS or a credential), then its signature and claims
 * are checked inline: CPU only, no blocking.
 *
 * <p>Refused before any key is looked up: tokens longer than the limit, anything but a compact JWS
 * (JWE, nested tokens), an algorithm outside the accepted set ({@code none} never is), and the
 * header parameters that would let a token choose its own key ({@code jku}, {@code x5u}, {@code
 * jwk}, {@code x5c}). jose4j then refuses {@code crit} parameters it does not understand, keys of
 * the wrong type for the algorithm (HMAC with a public key), bad signatures, and claims that fail
 * the checks ({@code exp}, {@code nbf} with the clock tolerance, {@code iss}, {@code aud}, required
 * claims).
 */
final class JoseAdapter {

  /** Header parameters that point at or carry a key: a token never chooses its own key. */
  private static final List<String> KEY_CARRYING_HEADERS = List.of("jku", "x5u", "jwk", "x5c");

  /** {@code {"alg":"HS256"}.{"sub":"warm-up","exp":1}.} with a dummy signature. */
  private static final String WARM_UP_TOKEN =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3YXJtLXVwIiwiZXhwIjoxfQ.AAAA";

  private final KeySource keys;
  private final Set<String> algorithms;
  private final int maxTokenLength;
  private final JwtConsumer parser;
  private final JwtConsumer verifier;

  /**
   * @param algorithms the accepted {@code alg} values, never {@code none}
   * @param issuers accepted {@code iss} values; empty for any
   * @param audiences accepted {@code aud} values; empty for any
   */
  JoseAdapter(
      KeySource keys,
      Set<String> algorithms,
      List<String> issuers,
      List<String> audiences,
      int clockToleranceSeconds,
      List<String> requiredClaims,
      int maxTokenLength) {
    this.keys = keys;
    this.algorithms = Set.copyOf(algorithms);
    prepare(this.algorithms);
    this.maxTokenLength = maxTokenLength;
    AlgorithmConstraints permitted =
        new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new));
    this.parser =
        new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .setJwsAlgorithmConstraints(permitted)
            .build();
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            // The key was resolved before verification and set on the signature object.
            .setVerificationKeyResolver((jws, nesting) -> jws.getKey())
            .setJwsAlgorithmConstraints(permitted)
            .setAllowedClockSkewInSeconds(clockToleranceSeconds);
    if (!issuers.isEmpty()) {
      builder.setExpectedIssuers(true, issuers.toArray(String[]::new));
    }
    if (audiences.isEmpty()) {
      builder.setSkipDefaultAudienceValidation();
    } else {
      builder.setExpectedAudience(true, audiences.toArray(String[]::new));
    }
    for (String claim : requiredClaims) {
      builder.registerValidator(requiring(claim));
    }
    if (keys.shortSecretsAllowed()) {
      // Express Gateway accepted HMAC secrets of any length; the policy warns about short ones.
      builder.setRelaxVerificationKeyValidation();
    }
    this.verifier = builder.build();
    warmUp();
  }

  /**
   * Reads a token once, so that the classes of the parsing path are loaded now, when the
   * configuration compiles, rather than on an event loop by the first request.
   */
  private void warmUp() {
    try {
      parse(WARM_UP_TOKEN);
    } catch (TokenRejectedException e) {
      // Expected for some accepted sets: only the loading matters.
    }
  }

  /**
   * jose4j registers its algorithms on first use, which takes a few hundred milliseconds of
   * provider lookups, and each algorithm finds its JCA implementation on its first check: both are
   * done here, when the configuration compiles, never on an event loop.
   */
  private static void prepare(Set<String> algorithms) {
    AlgorithmFactory<JsonWebSignatureAlgorithm> factory =
        AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory();
    for (String algorithm : algorithms) {
      try {
        if (!factory.getAlgorithm(algorithm).isAvailable()) {
          throw new IllegalStateException(algorithm + " is not available in this Java runtime");
        }
      } catch (InvalidAlgorithmException e) {
        throw new IllegalStateException(algorithm + " is not supported: " + e.getMessage(), e);
      }
    }
  }

  private static ErrorCodeValidator requiring(String claim) {
    return context ->
        context.getJwtClaims().hasClaim(claim)
            ? null
            : new ErrorCodeValidator.Error(ErrorCodes.MISCELLANEOUS, "missing claim " + claim);
  }

  /** The token's claims once everything checked out; fails with {@link TokenRejectedException}. */
  Future<JwtClaims> verify(String token) {
    JwtContext parsed;
    JsonWebSignature jws;
    TokenHead head;
    try {
      parsed = parse(token);
      jws = (JsonWebSignature) parsed.getJoseObjects().get(0);
      head = head(jws, parsed.getJwtClaims());
    } catch (TokenRejectedException e) {
      return Future.failedFuture(e);
    }
    return keys.keyFor(head)
        .recover(JoseAdapter::keyProblem)
        .compose(
            key -> {
              jws.setKey(key);
              try {
                verifier.processContext(parsed);
                return Future.succeededFuture(parsed.getJwtClaims());
              } catch (InvalidJwtException e) {
                return Future.failedFuture(rejection(e));
              }
            });
  }

  private JwtContext parse(String token) {
    if (token.length() > maxTokenLength) {
      throw invalid("oversized_token");
    }
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!isBase64Url(c)) {
        throw invalid("malformed_token");
      }
    }
    if (dots != 2) {
      throw invalid("not_a_signed_token");
    }
    JwtContext parsed;
    try {
      parsed = parser.process(token);
    } catch (InvalidJwtException | RuntimeException e) {
      throw invalid("malformed_token");
    }
    if (parsed.getJoseObjects().size() != 1
        || !(parsed.getJoseObjects().get(0) instanceof JsonWebSignature)) {
      throw invalid("nested_token");
    }
    return parsed;
  }

  private TokenHead head(JsonWebSignature jws, JwtClaims claims) {
    String algorithm = jws.getAlgorithmHeaderValue();
    if (algorithm == null || !algorithms.contains(algorithm)) {
      throw invalid("algorithm_not_accepted");
    }
    for (String header : KEY_CARRYING_HEADERS) {
      if (jws.getObjectHeader(header) != null) {
        throw invalid("key_in_header");
      }
    }
    Object kid = jws.getObjectHeader("kid");
    if (kid != null && !(kid instanceof String)) {
      throw invalid("malformed_kid");
    }
    String subject;
    try {
      subject = claims.getSubject();
    } catch (MalformedClaimException e) {
      throw invalid("malformed_subject");
    }
    return new TokenHead(algorithm, (String) kid, subject);
  }

  private static boolean isBase64Url(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '_';
  }

  private static <T> Future<T> keyProblem(Throwable error) {
    if (error instanceof KeyResolutionException problem) {
      String code =
          problem.kind() == KeyResolutionException.Kind.UNAVAILABLE
              ? AuthOutcomes.UNAVAILABLE
              : AuthOutcomes.INVALID;
      return Future.failedFuture(new TokenRejectedException(code, problem.reason()));
    }
    return Future.failedFuture(error);
  }

  /** jose4j's error codes as the client's code and a reason for the log, never its message. */
  private static TokenRejectedException rejection(InvalidJwtException e) {
    if (e.hasExpired()) {
      return new TokenRejectedException(AuthOutcomes.EXPIRED, "expired");
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
      return invalid("bad_signature");
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
      return invalid("not_yet_valid");
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return invalid("issuer_not_accepted");
    }
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
        || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return invalid("audience_not_accepted");
    }
    if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
      return invalid("malformed_claim");
    }
    if (e.getErrorDetails().stream()
        .anyMatch(
            d -> d.getErrorMessage() != null && d.getErrorMessage().startsWith("missing claim"))) {
      return invalid("required_claim_missing");
    }
    return invalid("rejected");
  }

  private static TokenRejectedException invalid(String reason) {
    return new TokenRejectedException(AuthOutcomes.INVALID, reason);
  }
}
