package dev.gatehouse.core.expression;

/**
 * An expression failed on a request: a missing header or field, a value of an unexpected type, a
 * division by zero, the iteration budget spent. Express Gateway's JavaScript failed the same way
 * ({@code TypeError}); each policy decides what a failure means (a condition is false, a template
 * is logged and skipped). The message names the expression, where in it the failure happened and
 * why.
 */
public final class EvaluationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  EvaluationException(String message) {
    // Failures are expected on the request path (a header that is absent): no stack trace.
    super(message, null, false, false);
  }
}
