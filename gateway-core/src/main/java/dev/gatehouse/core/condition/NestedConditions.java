package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Compiles the {@code conditions} list shared by {@code allOf} and {@code oneOf}. */
final class NestedConditions {

  static final JsonObject LIST_SCHEMA =
      new JsonObject(
          """
          {"type":"object","required":["conditions"],
           "properties":{"conditions":{"type":"array","minItems":1,
             "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}}
          """);

  private NestedConditions() {}

  static Condition[] compile(JsonObject params, PolicyContext context) {
    JsonArray specs = params.getJsonArray("conditions");
    Condition[] conditions = new Condition[specs.size()];
    for (int i = 0; i < conditions.length; i++) {
      conditions[i] = context.condition(specs.getJsonObject(i), "conditions[" + i + "]");
    }
    return conditions;
  }

  static long bodyLimit(Condition... conditions) {
    long limit = 0;
    for (Condition condition : conditions) {
      limit = Math.max(limit, condition.bodyLimit());
    }
    return limit;
  }
}
