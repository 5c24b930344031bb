package dev.gatehouse.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles JSON Schemas into {@link SchemaValidator}s that validate configuration the way Express
 * Gateway's ajv 6 did ({@code useDefaults}, {@code coerceTypes}, formats asserted), reporting
 * errors with YAML paths and source positions.
 *
 * <p>A schema declares its dialect with {@code $schema}; draft-07 (ajv 6's) is the default, and
 * drafts 4, 6, 2019-09 and 2020-12 are understood too. Schemas that others refer to by {@code $ref}
 * (like EG's {@code http://express-gateway.io/schemas/base/auth.json}) are {@link #register
 * registered} first under their {@code $id}; nothing is ever fetched from the network. Every schema
 * is checked against its dialect's meta-schema, and an invalid one is an {@link
 * IllegalArgumentException} naming it.
 *
 * <p>The {@code uri} format is ajv 6's: a scheme followed by anything but white space, so URLs EG
 * accepted ({@code http://backend:${PORT}/{id}}) are accepted here too.
 *
 * <pre>{@code
 * JsonSchemas schemas = new JsonSchemas();
 * schemas.register(authSchema);                       // has "$id": ".../base/auth.json"
 * SchemaValidator jwt = schemas.compile("jwt", jwtActionSchema);
 * List<ConfigError> errors = jwt.validate(doc, actionPath, actionNode);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JsonSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYNTHETIC_BASE = "https://schemas.gatehouse.invalid/";

  /** ajv 6's "fast" uri check. */
  private static final Pattern AJV_URI =
      Pattern.compile("^(?:[a-z][a-z0-9+\\-.]*:)(?:/?/)?[^\\s]*$", Pattern.CASE_INSENSITIVE);

  private static final List<Dialect> DIALECTS =
      List.of(
              Dialects.getDraft4(),
              Dialects.getDraft6(),
              Dialects.getDraft7(),
              Dialects.getDraft201909(),
              Dialects.getDraft202012())
          .stream()
          .map(dialect -> Dialect.builder(dialect).format(new AjvUriFormat()).build())
          .toList();

  private static final SchemaRegistryConfig VALIDATION =
      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(false).build();

  /** The dialects' meta-schemas, compiled once. */
  private static final Map<SpecificationVersion, Schema> META_SCHEMAS = new ConcurrentHashMap<>();

  /** Registered schemas by absolute IRI, with their dialects. */
  private final Map<String, JsonNode> registered = new ConcurrentHashMap<>();

  private final Map<String, SpecificationVersion> registeredVersions = new ConcurrentHashMap<>();

  /**
   * Makes a schema available to {@code $ref}s of schemas compiled afterwards, under its {@code
   * $id}. Registering the same {@code $id} again replaces it for later compilations.
   *
   * @throws IllegalArgumentException if the schema has no absolute {@code $id} or is invalid
   */
  public void register(JsonNode schema) {
    Objects.requireNonNull(schema, "schema");
    SpecificationVersion version = version("(unnamed)", schema);
    String id = schema.path(SchemaResources.idKeyword(version)).asText("");
    URI iri = absoluteIri(id);
    if (iri == null) {
      throw new IllegalArgumentException(
          "invalid JSON schema: a registered schema needs an absolute $id, got '" + id + "'");
    }
    String key = SchemaResources.withoutFragment(iri);
    checkAgainstMetaSchema(key, schema, version);
    registered.put(key, schema.deepCopy());
    registeredVersions.put(key, version);
  }

  /**
   * Compiles a schema once; the validator can be used from any thread.
   *
   * @param name how errors about the schema itself name it, e.g. {@code policy jwt}
   * @throws IllegalArgumentException if the schema is invalid or a {@code $ref} does not resolve
   */
  public SchemaValidator compile(String name, JsonNode schema) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    if (!SchemaResources.isSchema(schema)) {
      throw invalid(
          name,
          "a schema is an object or a boolean, got "
              + schema.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    SpecificationVersion version = version(name, schema);
    if (schema.isObject()) {
      checkAgainstMetaSchema(name, schema, version);
    }
    Map<String, JsonNode> documents = new HashMap<>(registered);
    Map<String, SpecificationVersion> versions = new HashMap<>(registeredVersions);
    String iri = documentIri(name, schema, version);
    documents.put(iri, schema.deepCopy());
    versions.put(iri, version);
    try {
      SchemaResources resources = new SchemaResources(documents, versions);
      List<SchemaResources.Ref> alternatives = new ArrayList<>();
      collectAlternatives(resources, resources.root(iri), alternatives, new HashSet<>());
      SchemaRegistry registry = registry(documents);
      Schema root = registry.getSchema(SchemaLocation.of(iri));
      root.initializeValidators();
      Map<String, Schema> compiled = new HashMap<>();
      for (SchemaResources.Ref alternative : alternatives) {
        compiled.computeIfAbsent(alternative.location(), k -> compile(registry, alternative));
      }
      return new SchemaValidator(
          name, root, resources.root(iri), new DefaultsAndCoercion(resources, compiled));
    } catch (IllegalArgumentException e) {
      throw invalid(name, e.getMessage());
    } catch (RuntimeException e) {
      throw invalid(name, Objects.toString(e.getMessage(), e.toString()));
    }
  }

  /**
   * What makes a schema invalid against its dialect's meta-schema, located in the file it was read
   * from: for a schema that is itself configuration (a model file), so that each error names the
   * file, line and path. Empty for a valid schema.
   *
   * @param at where the schema sits in the document
   */
  public List<ConfigError> schemaErrors(ConfigDocument document, ConfigPath at, JsonNode schema) {
    if (!SchemaResources.isSchema(schema)) {
      return List.of(document.error(at, "a schema is an object or a boolean"));
    }
    if (!schema.isObject()) {
      return List.of();
    }
    SpecificationVersion version;
    try {
      version = version(document.fileName(), schema);
    } catch (IllegalArgumentException e) {
      return List.of(document.error(at.child("$schema"), e.getMessage()));
    }
    return SchemaErrorMessages.describe(metaSchema(version).validate(schema), at, document::locate);
  }

  private static IllegalArgumentException invalid(String name, String problem) {
    return new IllegalArgumentException("invalid JSON schema '" + name + "': " + problem);
  }

  private static SpecificationVersion version(String name, JsonNode schema) {
    JsonNode declared = schema.get("$schema");
    if (declared == null) {
      return SpecificationVersion.DRAFT_7;
    }
    String id = declared.asText().replaceFirst("^https?://", "").replaceFirst("#$", "");
    for (SpecificationVersion version : SpecificationVersion.values()) {
      String known = version.getDialectId().replaceFirst("^https?://", "").replaceFirst("#$", "");
      if (known.equals(id)) {
        return version;
      }
    }
    throw invalid(
        name,
        "unknown $schema '"
            + declared.asText()
            + "'; use draft-07 (http://json-schema.org/draft-07/schema#) or 2020-12"
            + " (https://json-schema.org/draft/2020-12/schema)");
  }

  private static void checkAgainstMetaSchema(
      String name, JsonNode schema, SpecificationVersion version) {
    List<Error> errors = metaSchema(version).validate(schema);
    if (!errors.isEmpty()) {
      String problems =
          SchemaErrorMessages.describe(errors, ConfigPath.root(), path -> null).stream()
              .map(ConfigError::format)
              .collect(Collectors.joining("; "));
      throw invalid(name, problems);
    }
  }

  private static Schema metaSchema(SpecificationVersion version) {
    return META_SCHEMAS.computeIfAbsent(
        version,
        v -> {
          Schema loaded = registry(Map.of()).getSchema(SchemaLocation.of(v.getDialectId()));
          loaded.initializeValidators();
          return loaded;
        });
  }

  /** The schema's own absolute {@code $id}, or a made-up one under which it is compiled. */
  private static String documentIri(String name, JsonNode schema, SpecificationVersion version) {
    String id = schema.path(SchemaResources.idKeyword(version)).asText("");
    URI iri = absoluteIri(id);
    if (iri != null) {
      return SchemaResources.withoutFragment(iri);
    }
    return SYNTHETIC_BASE + URLEncoder.encode(name, StandardCharsets.UTF_8) + ".json";
  }

  private static URI absoluteIri(String id) {
    try {
      URI iri = new URI(id);
      return iri.isAbsolute() ? iri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static SchemaRegistry registry(Map<String, JsonNode> documents) {
    Map<String, String> texts = new HashMap<>();
    documents.forEach((iri, node) -> texts.put(iri, text(node)));
    return SchemaRegistry.withDialects(
        DIALECTS,
        builder ->
            builder
                .defaultDialectId(SpecificationVersion.DRAFT_7.getDialectId())
                .schemaRegistryConfig(VALIDATION)
                .schemas(texts::get)
                .schemaLoader(loader -> loader.fetchRemoteResources(false)));
  }

  private static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Finds every {@code anyOf}/{@code oneOf} alternative reachable from {@code ref}, so that {@link
   * DefaultsAndCoercion} can tell which one a value fits. Resolving each {@code $ref} on the way
   * also proves they all resolve.
   */
  private static void collectAlternatives(
      SchemaResources resources,
      SchemaResources.Ref ref,
      List<SchemaResources.Ref> alternatives,
      Set<String> visited) {
    if (!visited.add(ref.location())) {
      return;
    }
    JsonNode reference = ref.node().get("$ref");
    if (reference != null && reference.isTextual()) {
      collectAlternatives(
          resources, resources.resolve(ref, reference.textValue()), alternatives, visited);
    }
    SchemaResources.forEachSubschema(
        ref,
        (keyword, child) -> {
          if (keyword.equals("anyOf") || keyword.equals("oneOf")) {
            alternatives.add(child);
          }
          collectAlternatives(resources, child, alternatives, visited);
        });
  }

  private static Schema compile(SchemaRegistry registry, SchemaResources.Ref ref) {
    NodePath path = new NodePath(PathType.JSON_POINTER);
    for (Object segment : ref.path()) {
      path = segment instanceof Integer i ? path.append(i) : path.append((String) segment);
    }
    Schema document = registry.getSchema(SchemaLocation.of(ref.document()));
    Schema alternative = ref.path().isEmpty() ? document : document.getSubSchema(path);
    alternative.initializeValidators();
    return alternative;
  }

  /** ajv 6's "fast" {@code uri} format. */
  private static final class AjvUriFormat implements Format {
    @Override
    public String getName() {
      return "uri";
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
      return AJV_URI.matcher(value).matches();
    }
  }
}
