package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code anonymous}: no earlier step established the request's consumer. */
@Extension
public final class AnonymousConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "anonymous";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    return exchange -> exchange.consumer().isEmpty();
  }
}
