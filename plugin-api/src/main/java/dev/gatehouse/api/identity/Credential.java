package dev.gatehouse.api.identity;

import java.util.Objects;
import java.util.Set;

/**
 * A credential of a consumer, without its secret: a secret is only ever checked through {@link
 * IdentityService#verifySecret(Credential, String)}.
 *
 * <pre>{@code
 * identity.findCredential("key-auth", keyId)
 *     .compose(found -> found.filter(Credential::active)
 *         .map(c -> identity.verifySecret(c, presented))
 *         .orElse(Future.succeededFuture(false)));
 * }</pre>
 */
public final class Credential {

  public static final String BASIC_AUTH = "basic-auth";
  public static final String KEY_AUTH = "key-auth";
  public static final String OAUTH2 = "oauth2";
  public static final String JWT = "jwt";

  private final String type;
  private final String id;
  private final String consumerId;
  private final boolean active;
  private final Set<String> scopes;
  private final String version;

  /**
   * @param type {@link #BASIC_AUTH}, {@link #KEY_AUTH}, {@link #OAUTH2} or {@link #JWT}
   * @param id the key id (key-auth, jwt) or the consumer id (basic-auth, oauth2)
   * @param consumerId the owning consumer
   * @param active whether the credential may authenticate
   * @param scopes the scopes it grants
   * @param version changes whenever the credential (or its secret) changes; caches key on it
   */
  public Credential(
      String type,
      String id,
      String consumerId,
      boolean active,
      Set<String> scopes,
      String version) {
    this.type = Objects.requireNonNull(type, "type");
    this.id = Objects.requireNonNull(id, "id");
    this.consumerId = Objects.requireNonNull(consumerId, "consumerId");
    this.active = active;
    this.scopes = Set.copyOf(scopes);
    this.version = version == null ? "" : version;
  }

  public String type() {
    return type;
  }

  public String id() {
    return id;
  }

  public String consumerId() {
    return consumerId;
  }

  public boolean active() {
    return active;
  }

  public Set<String> scopes() {
    return scopes;
  }

  /** An opaque value that changes whenever the credential or its secret changes. */
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return "Credential[" + type + " " + id + "]";
  }
}
