package dev.gatehouse.core.identity.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.SchemaValidator;
import dev.gatehouse.core.identity.IdentityException;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One model of {@code models/*.json}: the JSON Schema of a user's, an application's or one
 * credential type's properties, compiled once. It validates properties the way Express Gateway's
 * ajv did (defaults filled in, scalars coerced, formats checked) and knows which properties the
 * model declares and which of those are {@code isMutable: false}.
 *
 * <pre>{@code
 * JsonObject valid = models.users().validate(body);   // IdentityException INVALID when not
 * models.users().undeclared(body.fieldNames());       // names the model does not know
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Model {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final SchemaValidator validator;
  private final Map<String, JsonNode> properties;

  Model(String name, SchemaValidator validator, JsonNode schema) {
    this.name = name;
    this.validator = validator;
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    collect(schema, schema, declared, Collections.newSetFromMap(new IdentityHashMap<>()));
    this.properties = Collections.unmodifiableMap(declared);
  }

  /** Where the model comes from, e.g. {@code models/users.json}. */
  public String name() {
    return name;
  }

  /** The properties the model declares, in declaration order. */
  public Set<String> properties() {
    return properties.keySet();
  }

  public boolean declares(String property) {
    return properties.containsKey(property);
  }

  /** Whether the model marks the property {@code isMutable: false}. */
  public boolean immutable(String property) {
    JsonNode schema = properties.get(property);
    return schema != null
        && schema.path("isMutable").isBoolean()
        && !schema.get("isMutable").asBoolean();
  }

  /** The property's {@code default} as text, if it has one. */
  public Optional<String> textDefault(String property) {
    JsonNode schema = properties.get(property);
    return schema == null || !schema.path("default").isTextual()
        ? Optional.empty()
        : Optional.of(schema.get("default").asText());
  }

  /** The names among {@code names} that the model does not declare, sorted. */
  public List<String> undeclared(Collection<String> names) {
    return names.stream().filter(n -> !declares(n)).sorted().toList();
  }

  /**
   * The properties with the model's defaults applied and scalars coerced, when valid.
   *
   * @throws IdentityException INVALID listing every problem
   */
  public JsonObject validate(JsonObject instance) {
    ObjectNode node = toNode(instance);
    List<ConfigError> errors = validator.validate(ConfigPath.root(), node);
    if (!errors.isEmpty()) {
      throw IdentityException.invalid(
          errors.stream().map(ConfigError::format).collect(Collectors.joining("; "))
              + " ("
              + name
              + ")");
    }
    return new JsonObject(node.toString());
  }

  private static ObjectNode toNode(JsonObject instance) {
    try {
      return (ObjectNode) JSON.readTree(instance.encode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JsonObject always parses", e);
    }
  }

  /** Declared properties, through {@code allOf} and document-local {@code $ref}s. */
  private static void collect(
      JsonNode root, JsonNode schema, Map<String, JsonNode> into, Set<JsonNode> seen) {
    if (!schema.isObject() || !seen.add(schema)) {
      return;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
      collect(root, root.at(ref.asText().substring(1)), into, seen);
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(p -> into.putIfAbsent(p.getKey(), p.getValue()));
    for (JsonNode branch : schema.path("allOf")) {
      collect(root, branch, into, seen);
    }
  }

  @Override
  public String toString() {
    return "Model[" + name + "]";
  }
}
