package dev.gatehouse.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles the schemas of {@code json-schema} conditions with networknt's validator; the only class
 * that knows the library.
 *
 * <p>A schema is checked against its dialect's meta-schema ({@code $schema}; draft-07, ajv 6's, by
 * default) and every {@code $ref} it makes is resolved when it compiles. A {@code $ref} reaches the
 * schema's own parts and the schemas earlier conditions declared with an absolute {@code $id} (see
 * {@link #compile}); nothing is fetched over the network. Validation coerces strings to the numbers
 * and booleans a schema expects, as Express Gateway's ajv ({@code coerceTypes}) does, so form
 * fields validate as they did.
 *
 * <p>Thread-safe: declared schemas sit in a concurrent map; compiled schemas are immutable.
 */
final class JsonSchemaAdapter {

  /** The document IRIs given to schemas without an absolute {@code $id}; never resolvable. */
  private static final String LOCAL_BASE = "https://json-schema.gatehouse.invalid/";

  private static final List<Dialect> DIALECTS =
      List.of(
          Dialects.getDraft4(),
          Dialects.getDraft6(),
          Dialects.getDraft7(),
          Dialects.getDraft201909(),
          Dialects.getDraft202012());

  private static final SchemaRegistryConfig BODIES =
      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(true).build();

  private static final SchemaRegistryConfig SCHEMAS =
      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(false).build();

  /** The dialects' meta-schemas, compiled once. */
  private static final Map<SpecificationVersion, Schema> META_SCHEMAS = new ConcurrentHashMap<>();

  /** Schemas declared with an absolute {@code $id}, by that IRI without fragment, as JSON text. */
  private final Map<String, String> declared = new ConcurrentHashMap<>();

  private final AtomicInteger anonymous = new AtomicInteger();

  /** A compiled schema. */
  @FunctionalInterface
  interface BodySchema {

    /** Why {@code body} does not satisfy the schema, one line per problem; empty when it does. */
    List<String> problems(JsonNode body);
  }

  /**
   * Compiles {@code schema}; when it has an absolute {@code $id}, schemas compiled afterwards may
   * refer to it. Declarations outlive one configuration: a later configuration that declares the
   * same {@code $id} replaces the schema for the conditions compiled after it.
   *
   * @throws IllegalArgumentException when the schema is invalid or a {@code $ref} does not resolve
   */
  BodySchema compile(JsonNode schema) {
    SpecificationVersion version = version(schema);
    List<Error> invalid = metaSchema(version).validate(schema);
    if (!invalid.isEmpty()) {
      throw new IllegalArgumentException(
          "not a valid JSON Schema: " + String.join("; ", describe("schema", invalid)));
    }
    URI id = absoluteId(schema, version);
    URI iri =
        id != null ? withoutFragment(id) : URI.create(LOCAL_BASE + anonymous.incrementAndGet());
    Map<String, String> documents = new HashMap<>(declared);
    documents.put(iri.toString(), schema.toString());
    Schema compiled;
    try {
      compiled = registry(documents::get, BODIES).getSchema(SchemaLocation.of(iri.toString()));
      compiled.initializeValidators();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          unknownReference(schema, iri, documents.keySet())
              .orElse("cannot compile the schema: " + e.getMessage()),
          e);
    }
    if (id != null) {
      declared.put(iri.toString(), schema.toString());
    }
    return body -> describe("body", compiled.validate(body));
  }

  private static SpecificationVersion version(JsonNode schema) {
    JsonNode declaredVersion = schema.get("$schema");
    if (declaredVersion == null) {
      return SpecificationVersion.DRAFT_7;
    }
    String wanted = dialectKey(declaredVersion.asText());
    for (SpecificationVersion version : SpecificationVersion.values()) {
      if (dialectKey(version.getDialectId()).equals(wanted)) {
        return version;
      }
    }
    throw new IllegalArgumentException(
        "unknown $schema '"
            + declaredVersion.asText()
            + "'; use draft-07 (http://json-schema.org/draft-07/schema#, the default), 2019-09 or"
            + " 2020-12 (https://json-schema.org/draft/2020-12/schema)");
  }

  /**
   * A dialect id without scheme and trailing {@code #}, so that spelling variants compare equal.
   */
  private static String dialectKey(String id) {
    return id.replaceFirst("^https?://", "").replaceFirst("#$", "");
  }

  private static Schema metaSchema(SpecificationVersion version) {
    return META_SCHEMAS.computeIfAbsent(
        version,
        v -> {
          Schema meta =
              registry(iri -> null, SCHEMAS).getSchema(SchemaLocation.of(v.getDialectId()));
          meta.initializeValidators();
          return meta;
        });
  }

  private static SchemaRegistry registry(
      Function<String, String> documents, SchemaRegistryConfig config) {
    return SchemaRegistry.withDialects(
        DIALECTS,
        builder ->
            builder
                .defaultDialectId(SpecificationVersion.DRAFT_7.getDialectId())
                .schemaRegistryConfig(config)
                .schemas(documents)
                .schemaLoader(loader -> loader.fetchRemoteResources(false)));
  }

  private static URI absoluteId(JsonNode schema, SpecificationVersion version) {
    String keyword = version == SpecificationVersion.DRAFT_4 ? "id" : "$id";
    try {
      URI id = new URI(schema.path(keyword).asText(""));
      return id.isAbsolute() ? id : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static URI withoutFragment(URI iri) {
    try {
      return new URI(iri.getScheme(), iri.getSchemeSpecificPart(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid IRI: " + iri, e);
    }
  }

  /**
   * The first {@code $ref} of {@code schema} that points outside it, to no declared schema, with
   * what to do about it; empty when the failure lies elsewhere.
   */
  private static Optional<String> unknownReference(JsonNode schema, URI base, Set<String> known) {
    List<String> references = new ArrayList<>();
    collectReferences(schema, references);
    Set<String> dialects = new HashSet<>();
    for (SpecificationVersion version : SpecificationVersion.values()) {
      dialects.add(dialectKey(version.getDialectId()));
    }
    for (String reference : references) {
      String document;
      try {
        document = withoutFragment(base.resolve(new URI(reference))).toString();
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.of("$ref '" + reference + "' is not a valid IRI");
      }
      if (!known.contains(document) && !dialects.contains(dialectKey(document))) {
        return Optional.of(
            "$ref '"
                + reference
                + "' refers to "
                + document
                + ", which no json-schema condition before this one declares with its $id;"
                + " Gatehouse never fetches schemas over the network: give that schema to an"
                + " earlier json-schema condition, or copy it into this one's definitions");
      }
    }
    return Optional.empty();
  }

  /** Every {@code $ref} in the schema, leaving out values that are data, not schemas. */
  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.isArray()) {
      node.forEach(item -> collectReferences(item, references));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    node.fields()
        .forEachRemaining(
            field -> {
              switch (field.getKey()) {
                case "$ref" -> {
                  if (field.getValue().isTextual()) {
                    references.add(field.getValue().textValue());
                  }
                }
                case "enum", "const", "default", "examples" -> {}
                default -> collectReferences(field.getValue(), references);
              }
            });
  }

  /** {@code body/age: string found, integer expected}: where, under {@code root}, and what. */
  private static List<String> describe(String root, List<Error> errors) {
    return errors.stream()
        .map(error -> root + error.getInstanceLocation() + ": " + error.getMessage())
        .collect(Collectors.toList());
  }
}
