package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * {@code pathMatch}: the regular expression {@code pattern} is found (unanchored) in the request
 * target, query string included, as Express Gateway's {@code new RegExp(pattern)} test is.
 */
@Extension
public final class PathMatchConditionFactory extends PatternConditionFactory {

  public PathMatchConditionFactory() {
    super("pathMatch", Pattern::compile);
  }

  @Override
  Condition matching(Pattern pattern) {
    return exchange -> pattern.matcher(exchange.uri()).find();
  }
}
