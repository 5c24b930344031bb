package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * {@code pathExact}: the request target equals {@code path}. As in Express Gateway the target
 * includes the query string, so {@code /v1?x=1} does not equal {@code /v1}.
 */
@Extension
public final class PathExactConditionFactory
    implements ConditionFactory<PathExactConditionFactory.Params> {

  /**
   * @param path the exact request target
   */
  public record Params(String path) {}

  @Override
  public String name() {
    return "pathExact";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["path"],"properties":{"path":{"type":"string"}}}
        """);
  }

  @Override
  public Class<Params> configType() {
    return Params.class;
  }

  @Override
  public Condition create(Params params, PolicyContext context) {
    String path = params.path();
    return exchange -> path.equals(exchange.uri());
  }
}
