package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * {@code oneOf}: at least one nested condition holds (Express Gateway's meaning, despite the name);
 * evaluated in order, stopping at the first true.
 */
@Extension
public final class OneOfConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "oneOf";
  }

  @Override
  public JsonObject paramsSchema() {
    return NestedConditions.LIST_SCHEMA;
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    Condition[] conditions = NestedConditions.compile(params, context);
    long bodyLimit = NestedConditions.bodyLimit(conditions);
    return new Condition() {
      @Override
      public boolean test(Exchange exchange) {
        for (Condition condition : conditions) {
          if (condition.test(exchange)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public long bodyLimit() {
        return bodyLimit;
      }
    };
  }
}
