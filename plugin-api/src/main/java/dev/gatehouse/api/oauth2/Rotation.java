package dev.gatehouse.api.oauth2;

import java.util.Objects;

/**
 * The outcome of presenting a refresh token for rotation ({@link
 * OAuth2Store#useRefreshToken(String)}).
 *
 * <pre>{@code
 * store.useRefreshToken(presented).compose(rotation -> switch (rotation.status()) {
 *   case ROTATED -> issueNewPair(rotation.token());
 *   case REPLAYED, INVALID -> invalidGrant();
 * });
 * }</pre>
 */
public final class Rotation {

  /** What happened to the presented refresh token. */
  public enum Status {
    /** First use: the token is now spent; issue its successor in the same family. */
    ROTATED,
    /** Already spent: a replay, so the whole family has been revoked. */
    REPLAYED,
    /** Unknown, expired, revoked or not matching its secret. */
    INVALID
  }

  private final Status status;
  private final StoredToken token;

  private Rotation(Status status, StoredToken token) {
    this.status = status;
    this.token = token;
  }

  public static Rotation rotated(StoredToken token) {
    return new Rotation(Status.ROTATED, Objects.requireNonNull(token, "token"));
  }

  public static Rotation replayed(StoredToken token) {
    return new Rotation(Status.REPLAYED, token);
  }

  public static Rotation invalid() {
    return new Rotation(Status.INVALID, null);
  }

  public Status status() {
    return status;
  }

  /** The spent token for {@link Status#ROTATED} (and {@link Status#REPLAYED}), else null. */
  public StoredToken token() {
    return token;
  }

  @Override
  public String toString() {
    return "Rotation[" + status + "]";
  }
}
