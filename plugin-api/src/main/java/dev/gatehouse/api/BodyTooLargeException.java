package dev.gatehouse.api;

/**
 * A body was larger than the limit a policy asked to buffer. The core answers the request with 413
 * (request bodies) or 502 (upstream bodies) when this reaches it.
 */
public final class BodyTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long limit;

  public BodyTooLargeException(long limit) {
    super("body larger than " + limit + " bytes", null, false, false);
    this.limit = limit;
  }

  /** The limit in bytes that was exceeded. */
  public long limit() {
    return limit;
  }
}
