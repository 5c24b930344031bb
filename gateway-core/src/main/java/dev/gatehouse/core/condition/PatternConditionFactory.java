package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.PolicyContext;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A condition that tests the request against one {@code pattern} ({@link PatternParams}), compiled
 * once when the configuration loads.
 */
abstract class PatternConditionFactory extends DeclaredConditionFactory<PatternParams> {

  private final Function<String, Pattern> compiler;

  /**
   * @param compiler turns the pattern as written into a regular expression; throws {@link
   *     IllegalArgumentException} when it is not valid
   */
  PatternConditionFactory(String name, Function<String, Pattern> compiler) {
    super(name, PatternParams.SCHEMA, PatternParams.class);
    this.compiler = compiler;
  }

  @Override
  public final Condition create(PatternParams params, PolicyContext context) {
    return matching(params.compile(compiler));
  }

  /** The condition that tests a request against the compiled pattern. */
  abstract Condition matching(Pattern pattern);
}
