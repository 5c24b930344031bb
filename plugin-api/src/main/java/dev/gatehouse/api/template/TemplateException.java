package dev.gatehouse.api.template;

/**
 * A template part failed for one request (see {@link RequestTemplate#render}). Its message names
 * the expression and why it failed, without request values; callers decide what the failure means
 * (Express Gateway's outcome) and log it with the request id. Failures are expected on the request
 * path (a header that is absent), so the exception carries no stack trace.
 */
public class TemplateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message, null, false, false);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
