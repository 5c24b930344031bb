package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.pf4j.Extension;

/**
 * {@code pathMatch}: the regular expression {@code pattern} is found (unanchored) in the request
 * target, query string included, as Express Gateway's {@code new RegExp(pattern)} test is.
 */
@Extension
public final class PathMatchConditionFactory
    implements ConditionFactory<PathMatchConditionFactory.Params> {

  /**
   * @param pattern a regular expression
   */
  public record Params(String pattern) {}

  @Override
  public String name() {
    return "pathMatch";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["pattern"],"properties":{"pattern":{"type":"string"}}}
        """);
  }

  @Override
  public Class<Params> configType() {
    return Params.class;
  }

  @Override
  public Condition create(Params params, PolicyContext context) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(params.pattern());
    } catch (PatternSyntaxException e) {
      throw new PolicyConfigException(
          "pattern", "not a valid regular expression: " + e.getDescription());
    }
    return exchange -> pattern.matcher(exchange.uri()).find();
  }
}
