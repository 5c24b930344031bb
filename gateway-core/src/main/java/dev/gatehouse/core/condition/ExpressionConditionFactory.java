package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.core.expression.EgContext;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Expression;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code expression}: the CEL {@code expression} yields {@code true}. It is compiled and
 * type-checked when the configuration loads; Express Gateway JavaScript is refused there with the
 * CEL to write instead. An evaluation error (a missing header, a field of a null consumer) makes
 * the condition false, as EG's JavaScript error did, and is logged at debug with the request id.
 */
@Extension
public final class ExpressionConditionFactory
    implements ConditionFactory<ExpressionConditionFactory.Params> {

  private static final Logger LOG = LoggerFactory.getLogger("gatehouse.condition.expression");

  /**
   * @param expression a CEL expression over {@code req}, {@code consumer}, {@code apiEndpoint},
   *     {@code requestID} and {@code egContext}
   */
  public record Params(String expression) {}

  @Override
  public String name() {
    return "expression";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["expression"],
         "properties":{"expression":{"type":"string","minLength":1}}}
        """);
  }

  @Override
  public Class<Params> configType() {
    return Params.class;
  }

  @Override
  public Condition create(Params params, PolicyContext context) {
    Expression expression = Expression.compileCondition(params.expression(), "expression");
    return exchange -> {
      try {
        return expression.test(EgContext.of(exchange));
      } catch (EvaluationException e) {
        LOG.debug(
            "expression_condition_false request_id={} pipeline={} error={}",
            exchange.requestId(),
            exchange.pipelineName(),
            e.getMessage());
        return false;
      }
    };
  }
}
