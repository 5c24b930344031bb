package dev.gatehouse.plugins.jwt;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.auth.Challenge;
import dev.gatehouse.api.auth.Denials;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.plugins.jwt.keys.Algorithms;
import dev.gatehouse.plugins.jwt.keys.KeySource;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * {@code jwt}: JSON Web Tokens verified with a key of the step's own, a key file, an issuer's JWKS,
 * the gateway's own token issuer, or the subject's jwt credential (compat 3.4, with Gatehouse's
 * additions). Everything is decided here, once: the key source, the accepted algorithms and the
 * jose4j consumers.
 */
@Extension
public final class JwtPolicyFactory implements PolicyFactory<JwtConfig> {

  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{
          "secretOrPublicKey":{"type":"string","minLength":1},
          "secretOrPublicKeyFile":{"type":"string","minLength":1},
          "jwksUri":{"type":"string","minLength":1},
          "localIssuer":{"type":"boolean","default":false},
          "jwtExtractor":{"type":"string","enum":["authBearer","authScheme","header","query"],
            "default":"authBearer"},
          "jwtExtractorField":{"type":"string","minLength":1},
          "audience":{"anyOf":[{"type":"string"},
            {"type":"array","minItems":1,"items":{"type":"string"}}]},
          "issuer":{"anyOf":[{"type":"string"},
            {"type":"array","minItems":1,"items":{"type":"string"}}]},
          "algorithms":{"type":"array","minItems":1,"items":{"type":"string","enum":[
            "HS256","HS384","HS512","RS256","RS384","RS512","PS256","PS384","PS512",
            "ES256","ES384","ES512","EdDSA"]}},
          "checkCredentialExistence":{"type":"boolean","default":true},
          "passThrough":{"type":"boolean","default":false},
          "clockTolerance":{"type":"integer","minimum":0,"maximum":86400,"default":0},
          "requiredClaims":{"type":"array","items":{"type":"string","minLength":1}},
          "forwardClaims":{"type":"object","additionalProperties":
            {"type":"string","pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"}},
          "maxTokenLength":{"type":"integer","minimum":128,"maximum":65536,"default":8192},
          "jwksMinCacheSeconds":{"type":"integer","minimum":0,"default":60},
          "jwksMaxCacheSeconds":{"type":"integer","minimum":1,"default":86400},
          "jwksRefreshCooldownSeconds":{"type":"integer","minimum":0,"default":30},
          "jwksTimeoutMillis":{"type":"integer","minimum":100,"maximum":60000,"default":5000},
          "verifiedTokenCacheSize":{"type":"integer","minimum":0,"maximum":1000000,
            "default":10000}}}
        """);
  }

  @Override
  public Class<JwtConfig> configType() {
    return JwtConfig.class;
  }

  @Override
  public Policy create(JwtConfig config, PolicyContext context) {
    IdentityService identity = context.service(IdentityService.class).orElse(null);
    TokenExtractor extractor = TokenExtractor.of(config.jwtExtractor(), config.jwtExtractorField());
    KeySource keys = KeySources.from(config, context, identity);
    try {
      Set<String> algorithms = algorithms(config, keys);
      if (config.checkCredentialExistence() && identity == null) {
        throw new PolicyConfigException(
            "checkCredentialExistence",
            "controlled mode needs the gateway's identity store, which is not available");
      }
      List<String> issuers = issuers(config, keys);
      JoseAdapter verifier =
          new JoseAdapter(
              keys,
              algorithms,
              issuers,
              config.audience(),
              config.clockTolerance(),
              config.requiredClaims(),
              config.maxTokenLength(),
              config.verifiedTokenCacheSize());
      String scheme =
          TokenExtractor.challengeScheme(config.jwtExtractor(), config.jwtExtractorField());
      Denials denials =
          Denials.of(
              context, config.passThrough(), Challenge.of(scheme).param("realm", Challenge.REALM));
      context
          .logger()
          .info(
              "jwt_step_ready keys={} algorithms={} controlled={} forwarded_claims={}",
              keys,
              new TreeSet<>(algorithms),
              config.checkCredentialExistence(),
              new TreeSet<>(config.forwardClaims().keySet()));
      return new JwtPolicy(
          extractor,
          verifier,
          keys,
          identity,
          config.checkCredentialExistence(),
          config.localIssuer(),
          new ClaimHeaders(config.forwardClaims(), context.logger()),
          denials,
          scheme);
    } catch (RuntimeException e) {
      keys.close();
      throw e;
    }
  }

  /**
   * The accepted {@code iss} values: the gateway's own with {@code localIssuer} (which the list
   * must then include, if it is given), else the configured ones.
   */
  private static List<String> issuers(JwtConfig config, KeySource keys) {
    String own = keys.issuer();
    if (own == null) {
      return config.issuer();
    }
    if (config.issuer().isEmpty()) {
      return List.of(own);
    }
    if (!config.issuer().contains(own)) {
      throw new PolicyConfigException(
          "issuer",
          "with localIssuer the accepted issuers must include the gateway's own, "
              + own
              + " (accessTokens.issuer)");
    }
    return config.issuer();
  }

  /**
   * The configured algorithms, which the key must be able to verify (an HMAC algorithm with a
   * public key is the algorithm-confusion attack), or the key's own.
   */
  private static Set<String> algorithms(JwtConfig config, KeySource keys) {
    if (config.algorithms().isEmpty()) {
      if (keys.defaultAlgorithms().isEmpty()) {
        throw new PolicyConfigException("", "the key cannot verify any supported algorithm");
      }
      return keys.defaultAlgorithms();
    }
    Set<String> wanted = new LinkedHashSet<>(config.algorithms());
    for (String algorithm : wanted) {
      if (!keys.possibleAlgorithms().contains(algorithm)) {
        throw new PolicyConfigException(
            "algorithms",
            algorithm
                + " cannot be verified with this key ("
                + keys
                + " verifies "
                + new TreeSet<>(keys.possibleAlgorithms())
                + ")"
                + (Algorithms.HMAC.contains(algorithm)
                    ? "; accepting HMAC with a public key would let anyone forge tokens"
                    : ""));
      }
    }
    return wanted;
  }
}
