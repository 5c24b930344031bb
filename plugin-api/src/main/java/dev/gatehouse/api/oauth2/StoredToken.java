package dev.gatehouse.api.oauth2;

import java.time.Instant;
import java.util.Objects;

/**
 * A token as the store knows it: never its secret, which is kept only as a hash.
 *
 * <pre>{@code
 * store.findAccessToken(presented).map(found -> found.filter(t -> t.grant().scopes().contains("read")));
 * }</pre>
 */
public final class StoredToken {

  private final String id;
  private final TokenType type;
  private final Grant grant;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final String familyId;

  /**
   * @param id the token's public id (the part before {@code |})
   * @param type access or refresh
   * @param grant what it stands for
   * @param issuedAt when it was issued
   * @param expiresAt when it stops being valid
   * @param familyId the refresh-token family it belongs to (rotation), or null
   */
  public StoredToken(
      String id,
      TokenType type,
      Grant grant,
      Instant issuedAt,
      Instant expiresAt,
      String familyId) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = Objects.requireNonNull(type, "type");
    this.grant = Objects.requireNonNull(grant, "grant");
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.familyId = familyId;
  }

  public String id() {
    return id;
  }

  public TokenType type() {
    return type;
  }

  public Grant grant() {
    return grant;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The family of refresh tokens (and the access tokens issued with them), or null. */
  public String familyId() {
    return familyId;
  }

  @Override
  public String toString() {
    return "StoredToken[" + type + " " + id + "]";
  }
}
