package dev.gatehouse.core.policy;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.core.expression.EgContext;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Expression;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code expression}: Express Gateway ran {@code jscode} as JavaScript for its side effects ({@code
 * req.url = …}). CEL has none, so {@code jscode} here is a CEL expression that is compiled and
 * type-checked at load, evaluated on each request and its value dropped; an evaluation error is
 * logged at debug. JavaScript that changes the request is refused at load with the policy that does
 * the job: request-transformer for headers and bodies, rewrite for the URL. To decide whether a
 * step runs, use the {@code expression} condition instead.
 */
@Extension
public final class ExpressionPolicyFactory
    implements PolicyFactory<ExpressionPolicyFactory.Config> {

  private static final Logger LOG = LoggerFactory.getLogger("gatehouse.policy.expression");

  /**
   * @param jscode a CEL expression (the name is Express Gateway's)
   */
  public record Config(String jscode) {}

  @Override
  public String name() {
    return "expression";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["jscode"],
         "properties":{"jscode":{"type":"string","minLength":1}}}
        """);
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Policy create(Config config, PolicyContext context) {
    Expression expression = Expression.compile(config.jscode(), "jscode");
    return exchange -> {
      try {
        expression.evaluate(EgContext.of(exchange));
      } catch (EvaluationException e) {
        LOG.debug(
            "expression_failed request_id={} pipeline={} error={}",
            exchange.requestId(),
            exchange.pipelineName(),
            e.getMessage());
      }
      return Outcome.proceed();
    };
  }
}
