package dev.gatehouse.core.condition;

import dev.gatehouse.api.ConditionFactory;
import io.vertx.core.json.JsonObject;

/** A built-in condition factory whose name, parameter schema and parameter type are fixed. */
abstract class DeclaredConditionFactory<C> implements ConditionFactory<C> {

  private final String name;
  private final JsonObject paramsSchema;
  private final Class<C> configType;

  DeclaredConditionFactory(String name, JsonObject paramsSchema, Class<C> configType) {
    this.name = name;
    this.paramsSchema = paramsSchema;
    this.configType = configType;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final JsonObject paramsSchema() {
    return paramsSchema;
  }

  @Override
  public final Class<C> configType() {
    return configType;
  }
}
