package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A condition that combines a non-empty list of nested {@code conditions} into one. */
abstract class ConditionListFactory implements ConditionFactory<JsonObject> {

  private final String name;
  private final Function<Condition[], Condition> combine;

  /**
   * @param combine makes one condition of the compiled nested ones, in the order written
   */
  ConditionListFactory(String name, Function<Condition[], Condition> combine) {
    this.name = name;
    this.combine = combine;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final JsonObject paramsSchema() {
    return NestedConditions.LIST_SCHEMA;
  }

  @Override
  public final Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public final Condition create(JsonObject params, PolicyContext context) {
    return combine.apply(NestedConditions.compile(params, context));
  }
}
