package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * {@code pathMatch}: the regular expression {@code pattern} is found (unanchored) in the request
 * target, query string included, as Express Gateway's {@code new RegExp(pattern)} test is.
 */
@Extension
public final class PathMatchConditionFactory implements ConditionFactory<PatternParams> {

  @Override
  public String name() {
    return "pathMatch";
  }

  @Override
  public JsonObject paramsSchema() {
    return PatternParams.SCHEMA;
  }

  @Override
  public Class<PatternParams> configType() {
    return PatternParams.class;
  }

  @Override
  public Condition create(PatternParams params, PolicyContext context) {
    Pattern pattern = params.compile(Pattern::compile);
    return exchange -> pattern.matcher(exchange.uri()).find();
  }
}
