package dev.gatehouse.core.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The JSON Schema documents a compiled schema can reach, indexed by absolute IRI (documents,
 * embedded {@code $id} resources and anchors), so that {@link DefaultsAndCoercion} can follow
 * {@code $ref} the way the validator does. Immutable once built.
 */
final class SchemaResources {

  /** Keywords whose value is one subschema. */
  static final List<String> SINGLE =
      List.of(
          "additionalProperties",
          "additionalItems",
          "contains",
          "propertyNames",
          "if",
          "then",
          "else",
          "not",
          "unevaluatedProperties",
          "unevaluatedItems",
          "contentSchema");

  /** Keywords whose value maps names to subschemas. */
  static final List<String> BY_NAME =
      List.of(
          "properties",
          "patternProperties",
          "definitions",
          "$defs",
          "dependentSchemas",
          "dependencies");

  /** Keywords whose value is an array of subschemas. */
  static final List<String> BY_INDEX = List.of("allOf", "anyOf", "oneOf", "prefixItems");

  /**
   * A subschema: its node, the base IRI its relative references resolve against, and where it is
   * (the document's IRI and the path from the document's root) so the validator can compile it.
   */
  record Ref(
      JsonNode node, URI base, String document, List<Object> path, SpecificationVersion version) {

    Ref child(String keyword, Object nameOrIndex) {
      JsonNode container = node.get(keyword);
      JsonNode child =
          nameOrIndex instanceof Integer i ? container.get(i) : container.get((String) nameOrIndex);
      return at(child, keyword, nameOrIndex);
    }

    Ref child(String keyword) {
      return at(node.get(keyword), keyword, null);
    }

    private Ref at(JsonNode child, String keyword, Object nameOrIndex) {
      List<Object> childPath = new ArrayList<>(path.size() + 2);
      childPath.addAll(path);
      childPath.add(keyword);
      if (nameOrIndex != null) {
        childPath.add(nameOrIndex);
      }
      return new Ref(
          child, rebase(base, child, version), document, List.copyOf(childPath), version);
    }

    /** The document's IRI and the JSON pointer to this subschema: a unique key for it. */
    String location() {
      return document + "#" + pointer();
    }

    /** The JSON pointer to this subschema from its document's root; {@code /} for the root. */
    String pointer() {
      StringBuilder pointer = new StringBuilder();
      for (Object segment : path) {
        pointer.append('/').append(String.valueOf(segment).replace("~", "~0").replace("/", "~1"));
      }
      return pointer.length() == 0 ? "/" : pointer.toString();
    }
  }

  private final Map<String, JsonNode> documents;
  private final Map<String, SpecificationVersion> versions;
  private final Map<String, Ref> resources = new HashMap<>();

  /**
   * @param documents schema documents by absolute IRI (without fragment)
   * @param versions the dialect of each document
   */
  SchemaResources(Map<String, JsonNode> documents, Map<String, SpecificationVersion> versions) {
    this.documents = Map.copyOf(documents);
    this.versions = Map.copyOf(versions);
    documents.forEach((iri, node) -> index(root(iri)));
  }

  /** The root of a document. */
  Ref root(String iri) {
    JsonNode node = documents.get(iri);
    if (node == null) {
      throw new IllegalArgumentException("no schema with $id '" + iri + "'");
    }
    SpecificationVersion version = versions.get(iri);
    return new Ref(node, rebase(URI.create(iri), node, version), iri, List.of(), version);
  }

  /**
   * The subschema a {@code $ref} of {@code from} points to.
   *
   * @throws IllegalArgumentException when nothing known has that IRI or pointer
   */
  Ref resolve(Ref from, String reference) {
    URI target;
    try {
      target = from.base().resolve(new URI(reference));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "$ref '" + reference + "' at " + from.pointer() + " is not a valid IRI", e);
    }
    String resource = withoutFragment(target);
    String fragment = target.getFragment();
    if (fragment == null || fragment.isEmpty()) {
      return require(resource(resource), reference, from);
    }
    if (!fragment.startsWith("/")) {
      return require(resources.get(resource + "#" + fragment), reference, from);
    }
    Ref start = require(resource(resource), reference, from);
    JsonNode node = start.node();
    List<Object> path = new ArrayList<>(start.path());
    URI base = start.base();
    JsonPointer pointer = JsonPointer.compile(fragment);
    while (!pointer.matches()) {
      String property = pointer.getMatchingProperty();
      if (node.isArray() && pointer.getMatchingIndex() >= 0) {
        node = node.get(pointer.getMatchingIndex());
        path.add(pointer.getMatchingIndex());
      } else {
        node = node.get(property);
        path.add(property);
      }
      if (node == null) {
        throw new IllegalArgumentException(
            "$ref '" + reference + "' at " + from.pointer() + " points to nothing");
      }
      base = rebase(base, node, start.version());
      pointer = pointer.tail();
    }
    return new Ref(node, base, start.document(), List.copyOf(path), start.version());
  }

  private Ref resource(String iri) {
    Ref embedded = resources.get(iri);
    if (embedded != null) {
      return embedded;
    }
    return documents.containsKey(iri) ? root(iri) : null;
  }

  private static Ref require(Ref ref, String reference, Ref from) {
    if (ref == null) {
      throw new IllegalArgumentException(
          "$ref '"
              + reference
              + "' at "
              + from.pointer()
              + " does not resolve to a known schema; register the schema it refers to first");
    }
    return ref;
  }

  /** Records embedded {@code $id}s and anchors of a document, with their paths. */
  private void index(Ref ref) {
    JsonNode node = ref.node();
    if (!node.isObject()) {
      return;
    }
    JsonNode id = node.get(idKeyword(ref.version()));
    if (id != null && id.isTextual()) {
      if (id.textValue().startsWith("#")) {
        resources.putIfAbsent(withoutFragment(ref.base()) + id.textValue(), ref);
      } else if (!ref.path().isEmpty()) {
        resources.putIfAbsent(withoutFragment(ref.base()), ref);
      }
    }
    JsonNode anchor = node.get("$anchor");
    if (anchor != null && anchor.isTextual()) {
      resources.putIfAbsent(withoutFragment(ref.base()) + "#" + anchor.textValue(), ref);
    }
    forEachSubschema(ref, (keyword, child) -> index(child));
  }

  /**
   * Calls {@code action} with every direct subschema of {@code ref} (not following {@code $ref}),
   * together with the keyword that holds it.
   */
  static void forEachSubschema(Ref ref, BiConsumer<String, Ref> action) {
    JsonNode node = ref.node();
    if (!node.isObject()) {
      return;
    }
    for (String keyword : SINGLE) {
      if (isSchema(node.get(keyword))) {
        action.accept(keyword, ref.child(keyword));
      }
    }
    JsonNode items = node.get("items");
    if (isSchema(items)) {
      action.accept("items", ref.child("items"));
    } else if (items != null && items.isArray()) {
      for (int i = 0; i < items.size(); i++) {
        action.accept("items", ref.child("items", i));
      }
    }
    for (String keyword : BY_INDEX) {
      JsonNode list = node.get(keyword);
      if (list != null && list.isArray()) {
        for (int i = 0; i < list.size(); i++) {
          action.accept(keyword, ref.child(keyword, i));
        }
      }
    }
    for (String keyword : BY_NAME) {
      JsonNode map = node.get(keyword);
      if (map == null || !map.isObject()) {
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isSchema(field.getValue())) {
          action.accept(keyword, ref.child(keyword, field.getKey()));
        }
      }
    }
  }

  static boolean isSchema(JsonNode node) {
    return node != null && (node.isObject() || node.isBoolean());
  }

  static String idKeyword(SpecificationVersion version) {
    return version == SpecificationVersion.DRAFT_4 ? "id" : "$id";
  }

  /** The base IRI inside {@code node}: its own {@code $id} resolved against the outer base. */
  private static URI rebase(URI base, JsonNode node, SpecificationVersion version) {
    JsonNode id = node == null || !node.isObject() ? null : node.get(idKeyword(version));
    if (id == null || !id.isTextual() || id.textValue().startsWith("#")) {
      return base;
    }
    try {
      return base.resolve(new URI(id.textValue()));
    } catch (URISyntaxException e) {
      return base;
    }
  }

  /** An IRI without its fragment, the key documents and resources are known by. */
  static String withoutFragment(URI iri) {
    String text = iri.toString();
    int hash = text.indexOf('#');
    return hash < 0 ? text : text.substring(0, hash);
  }
}
