package dev.gatehouse.api.oauth2;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a token or an authorization code stands for: the client it was issued to, the user who
 * authorized it (if any), the scopes granted and how they were granted.
 *
 * <pre>{@code
 * Grant grant = Grant.builder(clientId).user(userId).scopes(Set.of("read")).type("password").build();
 * }</pre>
 */
public final class Grant {

  private final String clientId;
  private final String userId;
  private final Set<String> scopes;
  private final String type;
  private final String redirectUri;

  private Grant(Builder builder) {
    this.clientId = builder.clientId;
    this.userId = builder.userId;
    this.scopes = Collections.unmodifiableSet(new TreeSet<>(builder.scopes));
    this.type = builder.type;
    this.redirectUri = builder.redirectUri;
  }

  /** A builder for a grant to the client with this consumer id (its oauth2 credential's id). */
  public static Builder builder(String clientId) {
    return new Builder(clientId);
  }

  /** The client's consumer id: the OAuth 2.0 {@code client_id}. */
  public String clientId() {
    return clientId;
  }

  /** The user who authorized the grant (code, implicit, password grants), or null. */
  public String userId() {
    return userId;
  }

  /** The scopes granted, sorted. */
  public Set<String> scopes() {
    return scopes;
  }

  /** The grant type that produced it ({@code client_credentials}, {@code password}…), or null. */
  public String type() {
    return type;
  }

  /** The redirect URI of an authorization, or null. */
  public String redirectUri() {
    return redirectUri;
  }

  /** A builder holding this grant's values. */
  public Builder toBuilder() {
    return new Builder(clientId).user(userId).scopes(scopes).type(type).redirectUri(redirectUri);
  }

  @Override
  public String toString() {
    return "Grant[" + type + " to " + clientId + (userId == null ? "" : " for " + userId) + "]";
  }

  /** Builds a {@link Grant}. */
  public static final class Builder {
    private final String clientId;
    private String userId;
    private Set<String> scopes = Set.of();
    private String type;
    private String redirectUri;

    private Builder(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    public Builder user(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder scopes(Set<String> scopes) {
      this.scopes = Objects.requireNonNull(scopes, "scopes");
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    public Grant build() {
      return new Grant(this);
    }
  }
}
