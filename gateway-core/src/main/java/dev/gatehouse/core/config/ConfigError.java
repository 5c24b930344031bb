package dev.gatehouse.core.config;

import java.util.Objects;

/**
 * One problem in a configuration: where it is, what is wrong and what was expected.
 *
 * <p>{@link #format()} gives the line an operator reads:
 *
 * <pre>
 * gateway.config.yml:42:7 pipelines.api.policies[1].jwt.action: required property 'secretOrPublicKey' missing
 * gateway.config.yml:42:7 pipelines.api.policies[1].jwt.action: invalid action [POLICY_PARAMS_VALIDATION_FAILED]
 * gateway.config.yml:3:9: mapping values are not allowed here
 * </pre>
 *
 * @param location where the problem is in the source; null when unknown (e.g. an Admin API body)
 * @param path the YAML path of the offending value; the root for the document as a whole
 * @param code a stable code for the kind of error (e.g. {@code POLICY_NOT_DECLARED}), or null
 * @param message what is wrong and what was expected
 */
public record ConfigError(SourceLocation location, ConfigPath path, String code, String message) {

  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** An error without a code. */
  public static ConfigError of(SourceLocation location, ConfigPath path, String message) {
    return new ConfigError(location, path, null, message);
  }

  /** The same error with a code. */
  public ConfigError withCode(String newCode) {
    return new ConfigError(location, path, newCode, message);
  }

  /**
   * {@code file:line:column path: message [CODE]}; the location, the path and the code are left out
   * when unknown, root or absent.
   */
  public String format() {
    StringBuilder out = new StringBuilder();
    if (location != null) {
      out.append(location);
    }
    if (!path.isRoot()) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(path);
    }
    if (out.length() > 0) {
      out.append(": ");
    }
    out.append(message);
    if (code != null) {
      out.append(" [").append(code).append(']');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
