package dev.gatehouse.plugins.cors;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code cors}: Express Gateway's CORS policy (after expressjs/cors 2.8). Preflights are answered
 * by the step itself, so place it before authentication; actual requests get their CORS headers on
 * whatever response they receive, denials of later policies included. See {@code
 * docs/policies/cors.md}.
 */
@Extension
public final class CorsPolicyFactory implements PolicyFactory<JsonObject> {

  /** A {@code !!js/regexp} as the configuration reader gives it. */
  private static final String REGEXP =
      """
      {"type":"object","required":["$regexp"],"additionalProperties":false,
       "properties":{"$regexp":{"type":"string"},"$flags":{"type":"string"}}}""";

  private static final String NAMES =
      """
      {"anyOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}""";

  @Override
  public String name() {
    return "cors";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{
          "origin":{"anyOf":[{"type":"boolean"},{"type":"string"},%1$s,
                   {"type":"array","items":{"anyOf":[{"type":"string"},%1$s]}}]},
          "methods":%2$s,
          "allowedHeaders":%2$s,
          "headers":%2$s,
          "exposedHeaders":%2$s,
          "credentials":{"type":"boolean","default":false},
          "maxAge":{"type":"integer","minimum":0},
          "optionsSuccessStatus":{"type":"integer","minimum":200,"maximum":299,"default":204},
          "preflightContinue":{"type":"boolean","default":false}}}
        """
            .formatted(REGEXP, NAMES));
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    List<String> allowedHeaders = names(action, "allowedHeaders");
    if (allowedHeaders == null) {
      // expressjs/cors reads `headers` as another name for `allowedHeaders`.
      allowedHeaders = names(action, "headers");
    }
    List<String> methods = names(action, "methods");
    List<String> exposed = names(action, "exposedHeaders");
    Long maxAge = action.getLong("maxAge");
    return new CorsPolicy(
        AllowedOrigins.of(action.getValue("origin")),
        String.join(",", methods == null ? CorsPolicy.DEFAULT_METHODS : methods),
        allowedHeaders == null ? null : String.join(",", allowedHeaders),
        exposed == null || exposed.isEmpty() ? null : String.join(",", exposed),
        action.getBoolean("credentials", false),
        maxAge == null ? null : maxAge.toString(),
        action.getInteger("optionsSuccessStatus", 204),
        action.getBoolean("preflightContinue", false));
  }

  /** A string (kept as written, commas and all) or an array of names; null when absent. */
  private static List<String> names(JsonObject action, String key) {
    Object value = action.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return List.of(text);
    }
    if (value instanceof JsonArray array) {
      List<String> names = new ArrayList<>();
      for (Object item : array) {
        names.add(String.valueOf(item));
      }
      return names;
    }
    throw new PolicyConfigException(key, "expected a string or a list of strings");
  }
}
