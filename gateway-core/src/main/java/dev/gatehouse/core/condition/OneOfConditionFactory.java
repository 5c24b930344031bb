package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
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
    return NestedConditions.anyOf(NestedConditions.compile(params, context));
  }
}
