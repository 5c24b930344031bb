package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Prepares an instance for validation the way ajv 6 with {@code useDefaults: true} and {@code
 * coerceTypes: true} changes the data it validates, which Express Gateway configurations rely on.
 *
 * <ul>
 *   <li>A property missing from an object gets the {@code default} of its subschema under {@code
 *       properties} (a copy), and so does a missing leading element of a tuple ({@code items} as an
 *       array, or {@code prefixItems}). Defaults apply recursively: a defaulted object gets its own
 *       properties' defaults.
 *   <li>A scalar whose type the schema does not allow is coerced when it can be (see {@link
 *       AjvCoercion}), in place in its container.
 * </ul>
 *
 * It follows the schema through {@code properties}, {@code patternProperties}, {@code
 * additionalProperties}, {@code items}, {@code prefixItems}, {@code additionalItems}, {@code $ref}
 * and {@code allOf}. As in ajv, no default applies inside {@code anyOf}, {@code oneOf}, {@code not}
 * or {@code if/then/else}. Coercion inside {@code anyOf}/{@code oneOf} happens only when the value
 * fits none of the alternatives as written, following the first alternative that accepts the
 * coerced value. The root instance itself is never replaced, so it is never coerced.
 *
 * <p>Stateless apart from a cache of compiled patterns; thread-safe.
 */
final class DefaultsAndCoercion {

  private final SchemaResources resources;

  /** Compiled alternatives of every anyOf/oneOf, by {@link SchemaResources.Ref#location()}. */
  private final Map<String, Schema> alternatives;

  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  DefaultsAndCoercion(SchemaResources resources, Map<String, Schema> alternatives) {
    this.resources = resources;
    this.alternatives = Map.copyOf(alternatives);
  }

  /** Applies defaults and coercion to {@code instance}, validated against {@code schema}. */
  void apply(SchemaResources.Ref schema, JsonNode instance) {
    walk(schema, Slot.root(instance), true);
  }

  private void walk(SchemaResources.Ref schema, Slot slot, boolean defaults) {
    JsonNode node = schema.node();
    if (!node.isObject()) {
      return;
    }
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual()) {
      walk(resources.resolve(schema, ref.textValue()), slot, defaults);
      if (schema.version().getOrder() <= SpecificationVersion.DRAFT_7.getOrder()) {
        return; // before 2019-09, keywords beside $ref are ignored
      }
    }
    JsonNode type = node.get("type");
    if (type != null && slot.replaceable()) {
      JsonNode coerced = AjvCoercion.coerce(slot.get(), AjvCoercion.types(type));
      if (coerced != null) {
        slot.set(coerced);
      }
    }
    JsonNode value = slot.get();
    if (value instanceof ObjectNode object) {
      walkObject(schema, object, defaults);
    } else if (value instanceof ArrayNode array) {
      walkArray(schema, array, defaults);
    }
    forEach(schema, "allOf", branch -> walk(branch, slot, defaults));
    chooseAlternative(schema, "anyOf", slot);
    chooseAlternative(schema, "oneOf", slot);
  }

  private void walkObject(SchemaResources.Ref schema, ObjectNode object, boolean defaults) {
    JsonNode node = schema.node();
    JsonNode properties = node.get("properties");
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    if (properties != null && properties.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> declared = properties.fields();
      while (declared.hasNext()) {
        Map.Entry<String, JsonNode> property = declared.next();
        JsonNode defaultValue = property.getValue().get("default");
        if (defaults && defaultValue != null && !object.has(property.getKey())) {
          object.set(property.getKey(), defaultValue.deepCopy());
          names.add(property.getKey());
        }
      }
    }
    JsonNode patternProperties = node.get("patternProperties");
    JsonNode additional = node.get("additionalProperties");
    for (String name : names) {
      boolean matched = properties != null && properties.has(name);
      if (matched && properties.get(name).isObject()) {
        walk(schema.child("properties", name), Slot.member(object, name), defaults);
      }
      if (patternProperties != null && patternProperties.isObject()) {
        Iterator<String> regexes = patternProperties.fieldNames();
        while (regexes.hasNext()) {
          String regex = regexes.next();
          if (pattern(regex).matcher(name).find()) {
            walk(schema.child("patternProperties", regex), Slot.member(object, name), defaults);
            matched = true;
          }
        }
      }
      if (!matched && additional != null && additional.isObject()) {
        walk(schema.child("additionalProperties"), Slot.member(object, name), defaults);
      }
    }
  }

  private void walkArray(SchemaResources.Ref schema, ArrayNode array, boolean defaults) {
    JsonNode node = schema.node();
    boolean modern = schema.version().getOrder() >= SpecificationVersion.DRAFT_2020_12.getOrder();
    String tupleKeyword = modern ? "prefixItems" : "items";
    String restKeyword = modern ? "items" : "additionalItems";
    JsonNode tuple = node.get(tupleKeyword);
    int fixed = 0;
    if (tuple != null && tuple.isArray()) {
      fixed = tuple.size();
      for (int i = array.size(); defaults && i < fixed && tuple.get(i).has("default"); i++) {
        array.add(tuple.get(i).get("default").deepCopy());
      }
      for (int i = 0; i < Math.min(fixed, array.size()); i++) {
        walk(schema.child(tupleKeyword, i), Slot.element(array, i), defaults);
      }
    } else if (!modern) {
      restKeyword = "items";
    }
    JsonNode rest = node.get(restKeyword);
    if (rest != null && rest.isObject()) {
      for (int i = fixed; i < array.size(); i++) {
        walk(schema.child(restKeyword), Slot.element(array, i), defaults);
      }
    }
  }

  /**
   * Leaves a value that fits an alternative as it is; otherwise coerces it along the first
   * alternative that accepts it once coerced. Defaults are not applied here, as in ajv.
   */
  private void chooseAlternative(SchemaResources.Ref schema, String keyword, Slot slot) {
    List<SchemaResources.Ref> branches = new ArrayList<>();
    forEach(schema, keyword, branches::add);
    if (branches.isEmpty() || !slot.replaceable()) {
      return;
    }
    JsonNode value = slot.get();
    for (SchemaResources.Ref branch : branches) {
      if (accepts(branch, value)) {
        return;
      }
    }
    for (SchemaResources.Ref branch : branches) {
      Trial trial = new Trial(value.deepCopy());
      walk(branch, trial, false);
      if (accepts(branch, trial.get())) {
        walk(branch, slot, false); // the same coercion, in place, so containers keep identity
        return;
      }
    }
  }

  private boolean accepts(SchemaResources.Ref branch, JsonNode value) {
    Schema compiled = alternatives.get(branch.location());
    return compiled != null && compiled.validate(value).isEmpty();
  }

  private static void forEach(
      SchemaResources.Ref schema, String keyword, Consumer<SchemaResources.Ref> action) {
    JsonNode list = schema.node().get(keyword);
    if (list == null || !list.isArray()) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      action.accept(schema.child(keyword, i));
    }
  }

  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, Pattern::compile);
  }

  /** Where a value sits, so that coercion can replace it. */
  private interface Slot {
    JsonNode get();

    void set(JsonNode value);

    default boolean replaceable() {
      return true;
    }

    static Slot member(ObjectNode object, String key) {
      return new Slot() {
        public JsonNode get() {
          return object.get(key);
        }

        public void set(JsonNode value) {
          object.set(key, value);
        }
      };
    }

    static Slot element(ArrayNode array, int index) {
      return new Slot() {
        public JsonNode get() {
          return array.get(index);
        }

        public void set(JsonNode value) {
          array.set(index, value);
        }
      };
    }

    /** The instance given to the validator: the caller holds it, so it cannot be replaced. */
    static Slot root(JsonNode instance) {
      return new Slot() {
        public JsonNode get() {
          return instance;
        }

        public void set(JsonNode value) {
          throw new IllegalStateException("the root instance cannot be replaced");
        }

        public boolean replaceable() {
          return false;
        }
      };
    }
  }

  /** A copy of a value, coerced to see whether an alternative would accept it. */
  private static final class Trial implements Slot {
    private JsonNode value;

    Trial(JsonNode value) {
      this.value = value;
    }

    public JsonNode get() {
      return value;
    }

    public void set(JsonNode coerced) {
      value = coerced;
    }
  }
}
