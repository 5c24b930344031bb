package dev.gatehouse.plugins.jwt;

/**
 * A token failed its checks. Carries the problem code for the client and a fixed reason for the
 * log; never the token or its claims. No stack trace: it is expected.
 */
final class TokenRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;

  TokenRejectedException(String code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  /** The problem code: {@code auth.invalid}, {@code auth.expired} or {@code auth.unavailable}. */
  String code() {
    return code;
  }

  /** A short fixed token for the log, e.g. {@code bad_signature}. */
  String reason() {
    return getMessage();
  }
}
