package dev.gatehouse.core.condition;

import io.vertx.core.json.JsonObject;

/**
 * The parameters of the rewrite conditions {@code pathmatch} (an Express path) and {@code
 * regexpmatch} (a regular expression).
 *
 * @param match the path or the expression, as written
 */
public record MatchParams(String match) {

  static final JsonObject SCHEMA =
      new JsonObject(
          """
          {"type":"object","required":["match"],"properties":{"match":{"type":"string"}}}
          """);
}
