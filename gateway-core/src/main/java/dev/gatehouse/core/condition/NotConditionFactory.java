package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code not}: the nested {@code condition} does not hold. */
@Extension
public final class NotConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "not";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["condition"],
         "properties":{"condition":{"type":"object","required":["name"],
           "properties":{"name":{"type":"string"}}}}}
        """);
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    return NestedConditions.not(context.condition(params.getJsonObject("condition"), "condition"));
  }
}
