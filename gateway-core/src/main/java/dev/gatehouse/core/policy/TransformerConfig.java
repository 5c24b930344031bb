package dev.gatehouse.core.policy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The action of {@code request-transformer} and {@code response-transformer} (Express Gateway's
 * shape, plus a body limit).
 *
 * @param headers header changes, or null
 * @param body body changes, or null
 * @param maxBodyBytes the largest body buffered to change (default 1 MiB)
 */
public record TransformerConfig(Changes headers, Changes body, long maxBodyBytes) {

  /** 1 MiB: larger than any JSON an API gateway should rewrite in memory, small enough to hold. */
  static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  static final JsonObject SCHEMA =
      new JsonObject(
          """
          {"type":"object",
           "properties":{
             "headers":{"$ref":"#/definitions/changes"},
             "body":{"$ref":"#/definitions/changes"},
             "maxBodyBytes":{"type":"integer","minimum":1,"default":%d}},
           "anyOf":[{"required":["headers"]},{"required":["body"]}],
           "definitions":{"changes":{"type":"object","properties":{
             "add":{"type":"object","minProperties":1,
               "additionalProperties":{"type":["string","number","boolean"]}},
             "remove":{"type":"array","items":{"type":"string"}}}}}}
          """
              .formatted(DEFAULT_MAX_BODY_BYTES));

  /** The changes, compiled; a part that is not configured is null. */
  record Compiled(HeaderEdits headers, BodyEdits body, long limit) {}

  /** Compiles the expressions of both parts; errors name their path in the action. */
  Compiled compile(Logger log) {
    return new Compiled(
        headers == null ? null : HeaderEdits.compile(headers),
        body == null ? null : BodyEdits.compile(body, log),
        maxBodyBytes);
  }

  /**
   * What to change in headers or a body.
   *
   * @param add name to CEL expression (constants are quoted: {@code "'world'"}), or null
   * @param remove names to remove, or null
   */
  public record Changes(Map<String, Object> add, List<String> remove) {

    Map<String, Object> additions() {
      return add == null ? Map.of() : add;
    }

    List<String> removals() {
      return remove == null ? List.of() : remove;
    }
  }
}
