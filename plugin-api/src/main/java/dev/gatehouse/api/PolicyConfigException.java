package dev.gatehouse.api;

/**
 * A policy or condition refused its configuration. The core reports it with the file, line and YAML
 * path of the offending key and refuses the configuration (at start, or on reload keeping the
 * previous one).
 *
 * <pre>{@code
 * throw new PolicyConfigException("serviceEndpoint", "no service endpoint named 'billing'");
 * }</pre>
 */
public class PolicyConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * @param path the offending key relative to the action (or condition), e.g. {@code
   *     target.keyFile}; empty for the object as a whole
   * @param message what is wrong and what was expected
   */
  public PolicyConfigException(String path, String message) {
    super(message);
    this.path = path == null ? "" : path;
  }

  public PolicyConfigException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path == null ? "" : path;
  }

  /** The offending key relative to the action or condition; empty for the whole object. */
  public String path() {
    return path;
  }
}
