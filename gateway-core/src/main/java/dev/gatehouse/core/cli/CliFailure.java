package dev.gatehouse.core.cli;

/**
 * Why a command stopped, with its exit status: {@link #REFUSED} when the Admin API answered with an
 * error, {@link #UNREACHABLE} when it could not be asked. The message is what the operator reads.
 */
class CliFailure extends Exception {

  private static final long serialVersionUID = 1L;

  /** The Admin API refused a request (4xx or 5xx), or some of several requests failed. */
  static final int REFUSED = 1;

  /** Usage errors; picocli's own status for them. */
  static final int USAGE = 2;

  /** The Admin API could not be reached or did not answer HTTP. */
  static final int UNREACHABLE = 3;

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
