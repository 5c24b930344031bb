package dev.gatehouse.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who made a request, as an authentication policy established it: a user or an application of the
 * identity store, or the subject of a token from another issuer.
 *
 * <pre>{@code
 * exchange.authenticate(
 *     ConsumerIdentity.builder("7f3c…", ConsumerIdentity.APPLICATION)
 *         .name("billing-app")
 *         .credential("key-auth", keyId)
 *         .scopes(Set.of("read"))
 *         .build());
 * }</pre>
 */
public final class ConsumerIdentity {

  /** Consumer type of a user of the identity store. */
  public static final String USER = "user";

  /** Consumer type of an application of the identity store. */
  public static final String APPLICATION = "application";

  /** Consumer type of a token subject unknown to the identity store. */
  public static final String TOKEN = "token";

  private final String id;
  private final String type;
  private final String name;
  private final String credentialType;
  private final String credentialId;
  private final Set<String> scopes;
  private final Map<String, Object> claims;
  private final Map<String, Object> properties;

  private ConsumerIdentity(Builder builder) {
    this.id = builder.id;
    this.type = builder.type;
    this.name = builder.name;
    this.credentialType = builder.credentialType;
    this.credentialId = builder.credentialId;
    this.scopes = Set.copyOf(builder.scopes);
    // Claims and properties come from tokens and stores, where null values are legitimate.
    this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(builder.claims));
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
  }

  /** A builder for a consumer with the given id and type ({@link #USER}, {@link #APPLICATION}…). */
  public static Builder builder(String id, String type) {
    return new Builder(id, type);
  }

  /** The consumer id, sent upstream as {@code eg-consumer-id}. */
  public String id() {
    return id;
  }

  /** {@link #USER}, {@link #APPLICATION}, {@link #TOKEN} or a plugin's own type. */
  public String type() {
    return type;
  }

  /** A display name (username, application name, token subject), or {@code null}. */
  public String name() {
    return name;
  }

  /** The credential type that authenticated the request ({@code key-auth}, {@code jwt}…). */
  public String credentialType() {
    return credentialType;
  }

  /** The id of the credential that authenticated the request (a key id, a token id…). */
  public String credentialId() {
    return credentialId;
  }

  /** The scopes the credential or token grants. */
  public Set<String> scopes() {
    return scopes;
  }

  /** Token claims, when a token authenticated the request; otherwise empty. */
  public Map<String, Object> claims() {
    return claims;
  }

  /** The consumer's stored properties (username, email, custom model properties…). */
  public Map<String, Object> properties() {
    return properties;
  }

  /** Deliberately shows no claim or property values: they may be personal data. */
  @Override
  public String toString() {
    return "ConsumerIdentity[" + type + " " + id + "]";
  }

  /** Builds a {@link ConsumerIdentity}. */
  public static final class Builder {
    private final String id;
    private final String type;
    private String name;
    private String credentialType;
    private String credentialId;
    private Set<String> scopes = Set.of();
    private Map<String, Object> claims = Map.of();
    private Map<String, Object> properties = Map.of();

    private Builder(String id, String type) {
      this.id = Objects.requireNonNull(id, "id");
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder credential(String type, String id) {
      this.credentialType = type;
      this.credentialId = id;
      return this;
    }

    public Builder scopes(Set<String> scopes) {
      this.scopes = Objects.requireNonNull(scopes, "scopes");
      return this;
    }

    public Builder claims(Map<String, Object> claims) {
      this.claims = Objects.requireNonNull(claims, "claims");
      return this;
    }

    public Builder properties(Map<String, Object> properties) {
      this.properties = Objects.requireNonNull(properties, "properties");
      return this;
    }

    public ConsumerIdentity build() {
      return new ConsumerIdentity(this);
    }
  }
}
