package dev.gatehouse.plugins.jwt;

import java.util.List;
import java.util.Map;

/**
 * A {@code jwt} step's action: Express Gateway's parameters and Gatehouse's additions (JWKS, lists
 * of issuers and audiences, clock tolerance, required and forwarded claims).
 *
 * @param secretOrPublicKey an HMAC secret, or a PEM public key or certificate
 * @param secretOrPublicKeyFile a file holding one of those, relative to the config directory
 * @param jwksUri an issuer's JWKS document (https), fetched and cached
 * @param localIssuer trust the tokens this gateway's OAuth 2.0 server issues, with its keys read in
 *     process ({@code iss} must be the gateway's)
 * @param jwtExtractor {@code authBearer}, {@code authScheme}, {@code header} or {@code query}
 * @param jwtExtractorField the scheme, header or query parameter of the last three extractors
 * @param audience accepted {@code aud} values; any when empty
 * @param issuer accepted {@code iss} values; any when empty
 * @param algorithms accepted {@code alg} values; derived from the key when empty
 * @param checkCredentialExistence {@code sub} must name an active jwt credential (controlled mode)
 * @param passThrough continue anonymously instead of refusing
 * @param clockTolerance seconds of clock difference allowed on {@code exp} and {@code nbf}
 * @param requiredClaims claims a token must carry
 * @param forwardClaims claim name to the request header it is sent upstream in
 * @param maxTokenLength longer tokens are refused unread
 * @param jwksMinCacheSeconds the shortest time a JWKS is kept, whatever its Cache-Control says
 * @param jwksMaxCacheSeconds the longest time a JWKS is kept
 * @param jwksRefreshCooldownSeconds the least time between two refreshes for an unknown key id
 * @param jwksTimeoutMillis how long a JWKS fetch may take
 * @param verifiedTokenCacheSize how many accepted tokens are remembered, so that the same token
 *     again costs no signature check; 0 for none
 */
public record JwtConfig(
    String secretOrPublicKey,
    String secretOrPublicKeyFile,
    String jwksUri,
    boolean localIssuer,
    String jwtExtractor,
    String jwtExtractorField,
    List<String> audience,
    List<String> issuer,
    List<String> algorithms,
    boolean checkCredentialExistence,
    boolean passThrough,
    int clockTolerance,
    List<String> requiredClaims,
    Map<String, String> forwardClaims,
    int maxTokenLength,
    int jwksMinCacheSeconds,
    int jwksMaxCacheSeconds,
    int jwksRefreshCooldownSeconds,
    int jwksTimeoutMillis,
    int verifiedTokenCacheSize) {

  public JwtConfig {
    audience = audience == null ? List.of() : List.copyOf(audience);
    issuer = issuer == null ? List.of() : List.copyOf(issuer);
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    requiredClaims = requiredClaims == null ? List.of() : List.copyOf(requiredClaims);
    forwardClaims = forwardClaims == null ? Map.of() : Map.copyOf(forwardClaims);
  }

  /** Shows no key material. */
  @Override
  public String toString() {
    return "JwtConfig[extractor="
        + jwtExtractor
        + (secretOrPublicKey != null ? " key=(inline)" : "")
        + (secretOrPublicKeyFile != null ? " keyFile=" + secretOrPublicKeyFile : "")
        + (jwksUri != null ? " jwksUri=" + jwksUri : "")
        + (localIssuer ? " localIssuer" : "")
        + "]";
  }
}
