package dev.gatehouse.core.identity.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The consumer models, Express Gateway's {@code models/users.json}, {@code applications.json} and
 * {@code credentials.json} in the configuration directory: JSON Schemas of the properties users,
 * applications and each credential type may have. A file that is absent is replaced by the built-in
 * default (EG's model, shipped in the distribution's {@code config/models/}). Read once, at start.
 *
 * <pre>{@code
 * IdentityModels models = IdentityModels.load(configDirectory);
 * models.users().validate(properties);
 * models.credential("basic-auth").orElseThrow();
 * }</pre>
 */
public final class IdentityModels {

  public static final String FOLDER = "models";
  public static final String USERS = "users.json";
  public static final String APPLICATIONS = "applications.json";
  public static final String CREDENTIALS = "credentials.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Model users;
  private final Model applications;
  private final Map<String, Model> credentials;

  private IdentityModels(Model users, Model applications, Map<String, Model> credentials) {
    this.users = users;
    this.applications = applications;
    this.credentials = Map.copyOf(credentials);
  }

  /**
   * Reads {@code <configDirectory>/models/*.json}, each falling back to its default.
   *
   * @throws ConfigException naming the file that is not JSON or not a valid schema
   */
  public static IdentityModels load(Path configDirectory) throws ConfigException {
    return from(configDirectory.resolve(FOLDER));
  }

  /** The built-in models, as if the configuration directory had no {@code models/}. */
  public static IdentityModels defaults() {
    try {
      return from(null);
    } catch (ConfigException e) {
      throw new IllegalStateException("the built-in models are invalid", e);
    }
  }

  private static IdentityModels from(Path folder) throws ConfigException {
    JsonSchemas schemas = new JsonSchemas();
    return new IdentityModels(
        model(schemas, read(folder, USERS, DefaultModels.USERS)),
        model(schemas, read(folder, APPLICATIONS, DefaultModels.APPLICATIONS)),
        credentialModels(schemas, read(folder, CREDENTIALS, DefaultModels.CREDENTIALS)));
  }

  public Model users() {
    return users;
  }

  public Model applications() {
    return applications;
  }

  /** The model of a credential type, when {@code credentials.json} defines that type. */
  public Optional<Model> credential(String type) {
    return Optional.ofNullable(credentials.get(type));
  }

  private static Map<String, Model> credentialModels(JsonSchemas schemas, Source source)
      throws ConfigException {
    Map<String, Model> models = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> types = source.schema().path("properties").fields();
    while (types.hasNext()) {
      Map.Entry<String, JsonNode> type = types.next();
      models.put(
          type.getKey(),
          model(
              schemas,
              new Source(
                  source.name() + " " + type.getKey(),
                  typeSchema(source.schema(), type.getValue()))));
    }
    return models;
  }

  /**
   * One type's schema as a document of its own, keeping the definitions its {@code $ref}s point
   * into ({@code #/definitions/credentialBase}).
   */
  private static JsonNode typeSchema(JsonNode document, JsonNode type) {
    ObjectNode schema = type.isObject() ? ((ObjectNode) type).deepCopy() : JSON.createObjectNode();
    for (String keyword : new String[] {"$schema", "definitions", "$defs"}) {
      if (document.has(keyword) && !schema.has(keyword)) {
        schema.set(keyword, document.get(keyword).deepCopy());
      }
    }
    return schema;
  }

  private record Source(String name, JsonNode schema) {}

  /** A model file of the folder, or the built-in text when the folder has none. */
  private static Source read(Path folder, String file, String fallback) throws ConfigException {
    String name = FOLDER + "/" + file;
    Path path = folder == null ? null : folder.resolve(file);
    try {
      String text = path != null && Files.isRegularFile(path) ? Files.readString(path) : fallback;
      return new Source(name, JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw error(name, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw error(name, "cannot be read: " + e);
    }
  }

  private static Model model(JsonSchemas schemas, Source source) throws ConfigException {
    if (!source.schema().isObject()) {
      throw error(source.name(), "a model is a JSON Schema object");
    }
    try {
      return new Model(
          source.name(),
          schemas.compile(source.name(), withoutEgKeywords(source.schema().deepCopy())),
          source.schema());
    } catch (IllegalArgumentException e) {
      throw error(source.name(), e.getMessage());
    }
  }

  /**
   * The schema without EG's own {@code isMutable} keyword, which {@link Model} reads and the
   * validator does not know (it would warn about it).
   */
  private static JsonNode withoutEgKeywords(JsonNode schema) {
    if (schema instanceof ObjectNode object) {
      if (object.path("isMutable").isBoolean()) {
        object.remove("isMutable");
      }
      object.forEach(IdentityModels::withoutEgKeywords);
    } else if (schema.isArray()) {
      schema.forEach(IdentityModels::withoutEgKeywords);
    }
    return schema;
  }

  private static ConfigException error(String file, String message) {
    return new ConfigException(ConfigError.of(null, ConfigPath.root(), file + ": " + message));
  }
}
