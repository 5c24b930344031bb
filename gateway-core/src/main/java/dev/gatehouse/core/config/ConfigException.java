package dev.gatehouse.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration was refused. It carries every problem found, not just the first, so an operator
 * fixes them in one go; the message lists them one per line, each as {@link ConfigError#format()}.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<ConfigError> errors;

  /**
   * @param errors the problems, at least one
   */
  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  /** The problems, in the order they were found; never empty. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    return errors.stream().map(ConfigError::format).collect(Collectors.joining("\n"));
  }
}
