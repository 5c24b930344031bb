package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A condition that combines a non-empty list of nested {@code conditions} into one. */
abstract class ConditionListFactory extends DeclaredConditionFactory<JsonObject> {

  private final Function<Condition[], Condition> combine;

  /**
   * @param combine makes one condition of the compiled nested ones, in the order written
   */
  ConditionListFactory(String name, Function<Condition[], Condition> combine) {
    super(name, NestedConditions.LIST_SCHEMA, JsonObject.class);
    this.combine = combine;
  }

  @Override
  public final Condition create(JsonObject params, PolicyContext context) {
    return combine.apply(NestedConditions.compile(params, context));
  }
}
