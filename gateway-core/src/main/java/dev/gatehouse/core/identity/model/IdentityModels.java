package dev.gatehouse.core.identity.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.config.ConfigDocument;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.JsonSchemas;
import dev.gatehouse.core.config.SourceLocation;
import dev.gatehouse.core.config.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
   * @throws ConfigException naming the file, line and path of each error: a file that is not JSON,
   *     or not a valid JSON Schema
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
    List<ConfigError> errors = new ArrayList<>();
    Model users = model(schemas, read(folder, USERS, DefaultModels.USERS, schemas, errors), errors);
    Model applications =
        model(
            schemas,
            read(folder, APPLICATIONS, DefaultModels.APPLICATIONS, schemas, errors),
            errors);
    Map<String, Model> credentials =
        credentialModels(
            schemas, read(folder, CREDENTIALS, DefaultModels.CREDENTIALS, schemas, errors), errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new IdentityModels(users, applications, credentials);
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

  private static Map<String, Model> credentialModels(
      JsonSchemas schemas, Source source, List<ConfigError> errors) {
    Map<String, Model> models = new LinkedHashMap<>();
    if (source == null) {
      return models;
    }
    Iterator<Map.Entry<String, JsonNode>> types = source.schema().path("properties").fields();
    while (types.hasNext()) {
      Map.Entry<String, JsonNode> type = types.next();
      Source typeSource =
          new Source(
              source.name() + " " + type.getKey(),
              typeSchema(source.schema(), type.getValue()),
              source.document(),
              ConfigPath.root().child("properties").child(type.getKey()));
      Model model = model(schemas, typeSource, errors);
      if (model != null) {
        models.put(type.getKey(), model);
      }
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

  /**
   * A model's schema and where it was read from.
   *
   * @param name how messages name it, e.g. {@code models/users.json}
   * @param document the file, for the lines of errors
   * @param at where the schema sits in the file
   */
  private record Source(String name, JsonNode schema, ConfigDocument document, ConfigPath at) {}

  /**
   * A model file of the folder, or the built-in text when the folder has none; null, with its
   * errors added, when it is not JSON or not a valid JSON Schema.
   */
  private static Source read(
      Path folder, String file, String fallback, JsonSchemas schemas, List<ConfigError> errors) {
    String name = FOLDER + "/" + file;
    Path path = folder == null ? null : folder.resolve(file);
    String text;
    try {
      text = path != null && Files.isRegularFile(path) ? Files.readString(path) : fallback;
    } catch (IOException e) {
      errors.add(error(name, "cannot be read: " + e));
      return null;
    }
    JsonNode schema;
    try {
      schema = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      SourceLocation location =
          at == null || at.getLineNr() < 1
              ? SourceLocation.ofFile(name)
              : new SourceLocation(name, at.getLineNr(), Math.max(at.getColumnNr(), 0));
      errors.add(
          ConfigError.of(location, ConfigPath.root(), "not valid JSON: " + e.getOriginalMessage()));
      return null;
    }
    ConfigDocument document = positions(name, text);
    if (!schema.isObject()) {
      errors.add(document.error(ConfigPath.root(), "a model is a JSON Schema object"));
      return null;
    }
    List<ConfigError> invalid = schemas.schemaErrors(document, ConfigPath.root(), schema);
    if (!invalid.isEmpty()) {
      errors.addAll(invalid);
      return null;
    }
    return new Source(name, schema, document, ConfigPath.root());
  }

  /** Where each value of a model file was written (JSON is YAML); the file alone if unknown. */
  private static ConfigDocument positions(String name, String text) {
    try {
      return YamlReader.read(name, text);
    } catch (ConfigException e) {
      try {
        return YamlReader.read(name, "{}");
      } catch (ConfigException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  private static Model model(JsonSchemas schemas, Source source, List<ConfigError> errors) {
    if (source == null) {
      return null;
    }
    try {
      return new Model(
          source.name(),
          schemas.compile(source.name(), withoutEgKeywords(source.schema().deepCopy())),
          source.schema());
    } catch (IllegalArgumentException e) {
      errors.add(source.document().error(source.at(), e.getMessage()));
      return null;
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

  private static ConfigError error(String file, String message) {
    return ConfigError.of(SourceLocation.ofFile(file), ConfigPath.root(), message);
  }
}
