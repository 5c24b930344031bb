package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code always}: the step always runs (the default when a step has no condition). */
@Extension
public final class AlwaysConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "always";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    return exchange -> true;
  }
}
