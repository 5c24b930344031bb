package dev.gatehouse.plugins.jwt;

import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.LocalIssuer;
import dev.gatehouse.plugins.jwt.keys.CredentialSecretKeySource;
import dev.gatehouse.plugins.jwt.keys.JwksKeySource;
import dev.gatehouse.plugins.jwt.keys.JwksSettings;
import dev.gatehouse.plugins.jwt.keys.KeyMaterial;
import dev.gatehouse.plugins.jwt.keys.KeySource;
import dev.gatehouse.plugins.jwt.keys.LocalIssuerKeySource;
import dev.gatehouse.plugins.jwt.keys.StaticKeySource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * Chooses a step's {@link KeySource} from its action: {@code secretOrPublicKey}, {@code
 * secretOrPublicKeyFile}, {@code jwksUri}, {@code localIssuer}, or (in controlled mode with none of
 * them) the secrets of the tokens' jwt credentials. At most one may be given.
 */
final class KeySources {

  /** Shorter HMAC secrets are accepted, as Express Gateway did, with a warning. */
  static final int RECOMMENDED_SECRET_BYTES = 32;

  static final int MIN_RSA_BITS = 2048;

  /** How long a JWKS without Cache-Control max-age is kept, within the configured bounds. */
  static final Duration DEFAULT_JWKS_CACHE = Duration.ofMinutes(10);

  private KeySources() {}

  static KeySource from(JwtConfig config, PolicyContext context, IdentityService identity) {
    List<String> given = new ArrayList<>();
    if (config.secretOrPublicKey() != null) {
      given.add("secretOrPublicKey");
    }
    if (config.secretOrPublicKeyFile() != null) {
      given.add("secretOrPublicKeyFile");
    }
    if (config.jwksUri() != null) {
      given.add("jwksUri");
    }
    if (config.localIssuer()) {
      given.add("localIssuer");
    }
    if (given.size() > 1) {
      throw new PolicyConfigException(
          given.get(1), "give only one of " + String.join(", ", given) + ": they all name the key");
    }
    if (config.secretOrPublicKey() != null) {
      return staticKey(config.secretOrPublicKey(), "secretOrPublicKey", context);
    }
    if (config.secretOrPublicKeyFile() != null) {
      return staticKey(
          readKeyFile(config.secretOrPublicKeyFile(), context), "secretOrPublicKeyFile", context);
    }
    if (config.jwksUri() != null) {
      return jwks(config, context);
    }
    if (config.localIssuer()) {
      LocalIssuer issuer =
          context
              .service(LocalIssuer.class)
              .orElseThrow(
                  () ->
                      new PolicyConfigException(
                          "localIssuer",
                          "this gateway runs no token issuer (no identity store) to trust"));
      return new LocalIssuerKeySource(issuer, context.logger(), System::nanoTime);
    }
    if (!config.checkCredentialExistence() || identity == null) {
      throw new PolicyConfigException(
          "",
          "the jwt policy needs a key: secretOrPublicKey, secretOrPublicKeyFile, jwksUri or"
              + " localIssuer: true (only in"
              + " controlled mode, checkCredentialExistence: true, may tokens be verified with"
              + " their jwt credential's secret instead)");
    }
    return new CredentialSecretKeySource(identity);
  }

  private static String readKeyFile(String name, PolicyContext context) {
    Path file = context.configDirectory().resolve(name);
    try {
      // Read once, when the configuration compiles (never on an event loop).
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyConfigException(
          "secretOrPublicKeyFile", "cannot read the key file " + file + ": " + e);
    }
  }

  private static KeySource staticKey(String text, String path, PolicyContext context) {
    Key key;
    try {
      key = KeyMaterial.parse(text);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException(path, e.getMessage());
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new PolicyConfigException(
          path,
          "the RSA key has " + rsa.getModulus().bitLength() + " bits; at least 2048 are needed");
    }
    if (key instanceof SecretKey secret && secret.getEncoded().length < RECOMMENDED_SECRET_BYTES) {
      context
          .logger()
          .warn(
              "jwt_weak_secret key={} bytes={} (an HMAC secret should have at least {} random bytes)",
              path,
              secret.getEncoded().length,
              RECOMMENDED_SECRET_BYTES);
    }
    return new StaticKeySource(key);
  }

  private static KeySource jwks(JwtConfig config, PolicyContext context) {
    URI uri;
    try {
      uri = URI.create(config.jwksUri());
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("jwksUri", "not a URI: " + e.getMessage());
    }
    if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
      throw new PolicyConfigException("jwksUri", "an http or https URL is expected");
    }
    if (config.jwksMinCacheSeconds() > config.jwksMaxCacheSeconds()) {
      throw new PolicyConfigException("jwksMinCacheSeconds", "is larger than jwksMaxCacheSeconds");
    }
    if ("http".equals(uri.getScheme())) {
      context.logger().warn("jwt_jwks_not_https uri={} (keys fetched in clear can be forged)", uri);
    }
    JwksSettings settings =
        new JwksSettings(
            uri,
            Duration.ofSeconds(config.jwksMinCacheSeconds()),
            Duration.ofSeconds(config.jwksMaxCacheSeconds()),
            DEFAULT_JWKS_CACHE,
            Duration.ofSeconds(config.jwksRefreshCooldownSeconds()),
            Duration.ofMillis(config.jwksTimeoutMillis()));
    return new JwksKeySource(
            settings, context.vertx(), context.meterRegistry(), context.logger(), System::nanoTime)
        .start();
  }
}
