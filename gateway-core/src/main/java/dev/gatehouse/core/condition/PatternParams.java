package dev.gatehouse.core.condition;

import dev.gatehouse.api.PolicyConfigException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The parameters of the conditions that take one {@code pattern} ({@code pathMatch}: a regular
 * expression; {@code hostMatch}: a glob).
 *
 * @param pattern the pattern as written
 */
public record PatternParams(String pattern) {

  static final JsonObject SCHEMA =
      new JsonObject(
          """
          {"type":"object","required":["pattern"],"properties":{"pattern":{"type":"string"}}}
          """);

  /** Compiles the pattern once; a pattern that does not compile is reported at {@code pattern}. */
  Pattern compile(Function<String, Pattern> compiler) {
    try {
      return compiler.apply(pattern);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("pattern", "not a valid pattern: " + e.getMessage());
    }
  }
}
