package dev.gatehouse.core.routing;

/**
 * A request path that cannot be routed: it does not start with {@code /}, holds a raw control
 * character or a broken percent-encoding, or a path parameter is not valid percent-encoded UTF-8.
 * The server answers {@code 400 Bad Request}; the message says what is wrong and where, without
 * repeating the path.
 *
 * <pre>{@code
 * try {
 *   path = PathNormalizer.normalize(request.path());
 * } catch (MalformedPathException e) {
 *   return badRequest(e.getMessage());
 * }
 * }</pre>
 */
public final class MalformedPathException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A malformed path; {@code message} says what is wrong. */
  public MalformedPathException(String message) {
    super(message);
  }
}
