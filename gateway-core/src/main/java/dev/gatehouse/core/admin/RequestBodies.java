package dev.gatehouse.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.config.ConfigBinding;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Admin API request bodies: JSON only. A missing body reads as {@code {}}, as Express's JSON
 * parser gave EG's handlers. Malformed JSON is a 400, another media type a 415, and a body of the
 * wrong shape a 422 that names the offending member.
 */
final class RequestBodies {

  private static final ObjectReader READER =
      ConfigBinding.mapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private RequestBodies() {}

  /** The body as a JSON tree; {@code {}} when there is none. */
  static JsonNode json(RoutingContext ctx) {
    String text = ctx.body().available() ? ctx.body().asString() : null;
    if (text == null || text.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !isJson(type)) {
      throw AdminProblem.of(
          415, "request.unsupported_media_type", "send the body as application/json");
    }
    try {
      return READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw AdminProblem.badRequest(
          "request.malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw AdminProblem.badRequest("request.malformed_json", "the body cannot be read");
    }
  }

  /** The body as an object; 422 for any other JSON value. */
  static ObjectNode objectTree(RoutingContext ctx) {
    JsonNode body = json(ctx);
    if (!(body instanceof ObjectNode object)) {
      throw AdminProblem.invalidBody("expected a JSON object, got " + describe(body));
    }
    return object;
  }

  /** The body as a Vert.x object; 422 for any other JSON value. */
  static JsonObject object(RoutingContext ctx) {
    return ConfigBinding.toJsonObject(objectTree(ctx));
  }

  /** A member that must be a non-empty string. */
  static String requiredString(JsonObject body, String member) {
    Object value = body.getValue(member);
    if (!(value instanceof String text) || text.isEmpty()) {
      throw AdminProblem.invalidBody(
          "'" + member + "' must be a non-empty string, got " + describe(value));
    }
    return text;
  }

  /** A member that must be {@code true} or {@code false}. */
  static boolean requiredBoolean(JsonObject body, String member) {
    Object value = body.getValue(member);
    if (!(value instanceof Boolean flag)) {
      throw AdminProblem.invalidBody(
          "'" + member + "' must be true or false, got " + describe(value));
    }
    return flag;
  }

  /** A member that must be a list of non-empty strings; a single string when {@code lenient}. */
  static Set<String> strings(JsonObject body, String member, boolean lenient) {
    Object value = body.getValue(member);
    if (lenient && value instanceof String single && !single.isEmpty()) {
      return Set.of(single);
    }
    String expected = "'" + member + "' must be a list of non-empty strings";
    if (!(value instanceof JsonArray list)) {
      throw AdminProblem.invalidBody(expected + ", got " + describe(value));
    }
    Set<String> values = new LinkedHashSet<>();
    for (Object item : list) {
      if (!(item instanceof String text) || text.isEmpty()) {
        throw AdminProblem.invalidBody(expected + ", found " + describe(item));
      }
      values.add(text);
    }
    return values;
  }

  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static String describe(Object value) {
    if (value instanceof JsonNode node) {
      if (node.isObject()) {
        return "an object";
      }
      if (node.isArray()) {
        return "a list";
      }
      return node.isNull()
          ? "null"
          : node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + clip(node.toString());
    }
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String text) {
      return "string \"" + clip(text) + "\"";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "a list";
    }
    return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
  }

  private static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
