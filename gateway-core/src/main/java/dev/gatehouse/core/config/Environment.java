package dev.gatehouse.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment the gateway was started with, as a service for built-ins that honour
 * environment variables (the proxy's {@code http_proxy}). Tests pass their own.
 *
 * @param variables the variables by name
 */
public record Environment(Map<String, String> variables) {

  public Environment {
    variables = Map.copyOf(variables);
  }

  /** The first of {@code names} that is set and not blank. */
  public Optional<String> first(String... names) {
    for (String name : names) {
      String value = variables.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }
}
