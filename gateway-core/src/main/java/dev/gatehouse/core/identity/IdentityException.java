package dev.gatehouse.core.identity;

/**
 * An identity operation refused: something is missing, would collide, or is invalid. The Admin API
 * answers 404, 409 and 422 (or 400) with a problem+json body carrying the message.
 */
public final class IdentityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. */
  public enum Kind {
    NOT_FOUND,
    CONFLICT,
    INVALID
  }

  private final Kind kind;

  public IdentityException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public static IdentityException notFound(String message) {
    return new IdentityException(Kind.NOT_FOUND, message);
  }

  public static IdentityException conflict(String message) {
    return new IdentityException(Kind.CONFLICT, message);
  }

  public static IdentityException invalid(String message) {
    return new IdentityException(Kind.INVALID, message);
  }

  public Kind kind() {
    return kind;
  }
}
