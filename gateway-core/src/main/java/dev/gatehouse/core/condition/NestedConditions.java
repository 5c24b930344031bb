package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Compiles and combines the nested conditions of {@code allOf}, {@code oneOf} and {@code not}. */
final class NestedConditions {

  /** The parameters of {@code allOf} and {@code oneOf}: a non-empty list of conditions. */
  static final JsonObject LIST_SCHEMA =
      new JsonObject(
          """
          {"type":"object","required":["conditions"],
           "properties":{"conditions":{"type":"array","minItems":1,
             "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}}
          """);

  private NestedConditions() {}

  /** Compiles the {@code conditions} list, each reported under its own path on error. */
  static Condition[] compile(JsonObject params, PolicyContext context) {
    JsonArray specs = params.getJsonArray("conditions");
    Condition[] conditions = new Condition[specs.size()];
    for (int i = 0; i < conditions.length; i++) {
      conditions[i] = context.condition(specs.getJsonObject(i), "conditions[" + i + "]");
    }
    return conditions;
  }

  /** Holds when every part holds, tested in order up to the first that does not. */
  static Condition allOf(Condition[] parts) {
    return new Composite(parts) {
      @Override
      public boolean test(Exchange exchange) {
        for (Condition part : parts) {
          if (!part.test(exchange)) {
            return false;
          }
        }
        return true;
      }
    };
  }

  /** Holds when any part holds, tested in order up to the first that does. */
  static Condition anyOf(Condition[] parts) {
    return new Composite(parts) {
      @Override
      public boolean test(Exchange exchange) {
        for (Condition part : parts) {
          if (part.test(exchange)) {
            return true;
          }
        }
        return false;
      }
    };
  }

  /** Holds when {@code part} does not. */
  static Condition not(Condition part) {
    return new Composite(new Condition[] {part}) {
      @Override
      public boolean test(Exchange exchange) {
        return !part.test(exchange);
      }
    };
  }

  /** A condition over nested ones: it needs as much of the body as the greediest of them. */
  private abstract static class Composite implements Condition {
    private final long bodyLimit;

    Composite(Condition[] parts) {
      long limit = 0;
      for (Condition part : parts) {
        limit = Math.max(limit, part.bodyLimit());
      }
      this.bodyLimit = limit;
    }

    @Override
    public long bodyLimit() {
      return bodyLimit;
    }
  }
}
