package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code never}: the step never runs; handy to switch a step off without deleting it. */
@Extension
public final class NeverConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "never";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    return exchange -> false;
  }
}
