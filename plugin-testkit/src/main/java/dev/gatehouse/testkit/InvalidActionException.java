package dev.gatehouse.testkit;

import java.util.List;

/** The action given to a {@link PolicyHarness} is refused, as the gateway would refuse it. */
public final class InvalidActionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  InvalidActionException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /** One message per error, each with its path, as {@code gatehouse validate} prints them. */
  public List<String> errors() {
    return errors;
  }
}
