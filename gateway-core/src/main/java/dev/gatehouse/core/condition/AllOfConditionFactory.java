package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code allOf}: every nested condition holds; evaluated in order, stopping at the first false. */
@Extension
public final class AllOfConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "allOf";
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
    return NestedConditions.allOf(NestedConditions.compile(params, context));
  }
}
