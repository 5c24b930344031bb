package dev.gatehouse.core;

/** The gateway cannot start; the message says why in terms an operator can act on. */
public final class StartupException extends Exception {

  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
