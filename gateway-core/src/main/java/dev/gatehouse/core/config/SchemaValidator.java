package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A compiled JSON Schema (see {@link JsonSchemas}) that validates one value of a configuration the
 * way Express Gateway's ajv did, and changes it the way ajv did:
 *
 * <ol>
 *   <li>missing properties get their schema {@code default}s, recursively ({@code useDefaults});
 *   <li>scalars of the wrong type are coerced when they can be: {@code "8080"} where an integer is
 *       expected becomes 8080, {@code 12345} where a string is expected becomes {@code "12345"}
 *       ({@code coerceTypes}); so later binding and the Admin API see the right types;
 *   <li>the result is validated, and every failure becomes a {@link ConfigError} with the YAML path
 *       of the offending value (below {@code at}), its position in the file and what was expected.
 * </ol>
 *
 * Nothing is swallowed: an empty list means the value is valid. Details of defaults and coercion
 * are in {@link DefaultsAndCoercion} and {@link AjvCoercion}; the instance given is changed in
 * place (except that a scalar given as the instance itself cannot be replaced, so it is validated
 * as it is).
 *
 * <pre>{@code
 * List<ConfigError> errors = validator.validate(doc, ConfigPath.parse("http"), doc.root().get("http"));
 * // gateway.config.yml:2:3 http.port: expected number, got string "eighty"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaValidator {

  private final String name;
  private final Schema schema;
  private final SchemaResources.Ref root;
  private final DefaultsAndCoercion preparation;

  SchemaValidator(
      String name, Schema schema, SchemaResources.Ref root, DefaultsAndCoercion preparation) {
    this.name = name;
    this.schema = schema;
    this.root = root;
    this.preparation = preparation;
  }

  /** The name the schema was compiled under. */
  public String name() {
    return name;
  }

  /**
   * Applies defaults and coercion to {@code instance}, then validates it.
   *
   * @param doc the document {@code instance} belongs to, for source positions
   * @param at the YAML path of {@code instance} in {@code doc}
   * @param instance the value; changed in place
   * @return every problem found, located in {@code doc}; empty when valid
   */
  public List<ConfigError> validate(ConfigDocument doc, ConfigPath at, JsonNode instance) {
    Objects.requireNonNull(doc, "doc");
    return validate(at, instance, doc::locate);
  }

  /**
   * As {@link #validate(ConfigDocument, ConfigPath, JsonNode)} for a value that has no source file
   * (an Admin API request body, say): the errors carry paths but no location.
   */
  public List<ConfigError> validate(ConfigPath at, JsonNode instance) {
    return validate(at, instance, path -> null);
  }

  private List<ConfigError> validate(
      ConfigPath at, JsonNode instance, Function<ConfigPath, SourceLocation> locate) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(instance, "instance");
    preparation.apply(root, instance);
    return SchemaErrorMessages.describe(schema.validate(instance), at, locate);
  }

  @Override
  public String toString() {
    return "SchemaValidator[" + name + "]";
  }
}
