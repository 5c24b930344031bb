package dev.gatehouse.core.identity.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.oauth2.SigningKey;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.SystemConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The OAuth 2.0 sections of {@code system.config.yml} ({@code accessTokens}, {@code refreshTokens},
 * {@code authorizationCodes}, {@code session}, {@code oauth2}) with Express Gateway's defaults, as
 * the token store needs them and as the OAuth 2.0 plugin reads them.
 *
 * <pre>{@code
 * OAuth2Settings settings = OAuth2Settings.of(system);
 * settings.accessTokenLifetime();   // accessTokens.timeToExpiry, default 12 minutes
 * }</pre>
 */
public final class OAuth2Settings {

  /** The issuer name when {@code accessTokens.issuer} is not set. */
  public static final String DEFAULT_ISSUER = "gatehouse";

  static final long DEFAULT_TOKEN_MILLIS = 720_000;
  static final long DEFAULT_CODE_MILLIS = 300_000;
  static final long DEFAULT_SESSION_MILLIS = 3_600_000;

  private final JsonObject sections;
  private final SigningKey configuredKey;

  private OAuth2Settings(JsonObject sections, SigningKey configuredKey) {
    this.sections = sections;
    this.configuredKey = configuredKey;
  }

  /** Express Gateway's defaults: opaque tokens, no implicit grant. */
  public static OAuth2Settings defaults() {
    return of(new JsonObject());
  }

  /**
   * The sections of a loaded {@code system.config.yml}, with the configured signing key read from
   * {@code accessTokens.secretOrPrivateKey} or the file {@code secretOrPrivateKeyFile} names
   * (relative to {@code configDirectory}). Reads that file: call it where blocking is allowed.
   *
   * @throws ConfigException when the key cannot be read or cannot sign with {@code algorithm}, with
   *     the file, line and path of the setting
   */
  public static OAuth2Settings of(SystemConfig system, Path configDirectory)
      throws ConfigException {
    JsonNode root = system.document().root();
    JsonObject sections = new JsonObject();
    for (String name :
        new String[] {"accessTokens", "refreshTokens", "authorizationCodes", "session", "oauth2"}) {
      JsonNode section = root.get(name);
      if (section != null && section.isObject()) {
        sections.put(name, ConfigBinding.toJsonObject(section));
      }
    }
    try {
      return of(sections, configDirectory);
    } catch (KeyException e) {
      throw new ConfigException(
          system.document().error(ConfigPath.parse("accessTokens." + e.setting), e.getMessage()));
    }
  }

  /** Sections given as JSON (tests), defaults filled in; no key file is read. */
  public static OAuth2Settings of(JsonObject given) {
    return of(given, null);
  }

  /** A configured key that cannot be used, and the {@code accessTokens} setting that names it. */
  private static final class KeyException extends IllegalArgumentException {
    final String setting;

    KeyException(String setting, String message) {
      super(message);
      this.setting = setting;
    }
  }

  private static OAuth2Settings of(JsonObject given, Path configDirectory) {
    JsonObject sections = new JsonObject();
    JsonObject access = section(given, "accessTokens");
    access.put("tokenType", access.getString("tokenType", "opaque"));
    access.put("timeToExpiry", access.getLong("timeToExpiry", DEFAULT_TOKEN_MILLIS));
    access.put("issuer", access.getString("issuer", DEFAULT_ISSUER));
    sections.put("accessTokens", access);
    JsonObject refresh = section(given, "refreshTokens");
    refresh.put("timeToExpiry", refresh.getLong("timeToExpiry", DEFAULT_TOKEN_MILLIS));
    sections.put("refreshTokens", refresh);
    JsonObject codes = section(given, "authorizationCodes");
    codes.put("timeToExpiry", codes.getLong("timeToExpiry", DEFAULT_CODE_MILLIS));
    sections.put("authorizationCodes", codes);
    JsonObject session = section(given, "session");
    session.put("name", session.getString("name", "connect.sid"));
    JsonObject cookie = section(session, "cookie");
    cookie.put("maxAge", cookie.getLong("maxAge", DEFAULT_SESSION_MILLIS));
    session.put("cookie", cookie);
    sections.put("session", session);
    JsonObject oauth2 = section(given, "oauth2");
    oauth2.put("allowImplicit", oauth2.getBoolean("allowImplicit", false));
    sections.put("oauth2", oauth2);
    SigningKey key = configuredKey(access, configDirectory);
    // What plugins see of the settings carries no key material.
    access.remove("secretOrPrivateKey");
    access.remove("secretOrPrivateKeyFile");
    session.remove("secret");
    return new OAuth2Settings(sections, key);
  }

  private static SigningKey configuredKey(JsonObject access, Path configDirectory) {
    String text = access.getString("secretOrPrivateKey");
    String setting = "secretOrPrivateKey";
    String file = access.getString("secretOrPrivateKeyFile");
    if (text != null && file != null) {
      throw new KeyException(
          "secretOrPrivateKeyFile", "give secretOrPrivateKey or secretOrPrivateKeyFile, not both");
    }
    if (file != null) {
      setting = "secretOrPrivateKeyFile";
      Path path = configDirectory == null ? Path.of(file) : configDirectory.resolve(file);
      try {
        text = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new KeyException(setting, "cannot read the key file " + path + ": " + e);
      }
    }
    if (text == null) {
      return null;
    }
    try {
      return ConfiguredSigningKey.parse(text, access.getString("algorithm"), Instant.now());
    } catch (IllegalArgumentException e) {
      throw new KeyException(setting, e.getMessage());
    }
  }

  private static JsonObject section(JsonObject parent, String name) {
    Object value = parent.getValue(name);
    return value instanceof JsonObject object ? object.copy() : new JsonObject();
  }

  /** Every section, defaults applied; a copy. */
  public JsonObject sections() {
    return sections.copy();
  }

  public Duration accessTokenLifetime() {
    return Duration.ofMillis(sections.getJsonObject("accessTokens").getLong("timeToExpiry"));
  }

  public Duration refreshTokenLifetime() {
    return Duration.ofMillis(sections.getJsonObject("refreshTokens").getLong("timeToExpiry"));
  }

  public Duration codeLifetime() {
    return Duration.ofMillis(sections.getJsonObject("authorizationCodes").getLong("timeToExpiry"));
  }

  public Duration sessionLifetime() {
    return Duration.ofMillis(
        sections.getJsonObject("session").getJsonObject("cookie").getLong("maxAge"));
  }

  public String issuer() {
    return sections.getJsonObject("accessTokens").getString("issuer");
  }

  /**
   * The key {@code accessTokens} configures for JWT access tokens; empty when the gateway signs
   * with its generated keys.
   */
  public Optional<SigningKey> configuredKey() {
    return Optional.ofNullable(configuredKey);
  }

  /** Keeps configured secrets ({@code secretOrPrivateKey}, {@code session.secret}) out of logs. */
  @Override
  public String toString() {
    return "OAuth2Settings[tokenType="
        + sections.getJsonObject("accessTokens").getString("tokenType")
        + ", issuer="
        + issuer()
        + "]";
  }
}
