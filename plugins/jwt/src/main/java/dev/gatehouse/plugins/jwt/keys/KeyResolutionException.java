package dev.gatehouse.plugins.jwt.keys;

/**
 * No key verifies a token, or none can be had right now. Carries no stack trace: it is expected.
 */
public final class KeyResolutionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why no key was found. */
  public enum Kind {
    /** No key fits the token (an unknown kid, an inactive credential): the token is invalid. */
    UNKNOWN_KEY,
    /** The source holds no key and cannot be reached: the token cannot be checked now. */
    UNAVAILABLE
  }

  private final Kind kind;

  public KeyResolutionException(Kind kind, String reason) {
    super(reason, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** A short fixed token for the log, e.g. {@code unknown_kid}. */
  public String reason() {
    return getMessage();
  }
}
