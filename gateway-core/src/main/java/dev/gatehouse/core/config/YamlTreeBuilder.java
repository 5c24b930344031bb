package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed SnakeYAML node tree into Jackson nodes the way js-yaml constructs JavaScript
 * values, recording where every key and element was written. Collects every problem it finds
 * (duplicate keys, unsupported tags, bad merges) instead of stopping at the first.
 */
final class YamlTreeBuilder {

  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
  static final Tag JS_REGEXP = new Tag(YAML_TAG_PREFIX + "js/regexp");
  static final Tag JS_UNDEFINED = new Tag(YAML_TAG_PREFIX + "js/undefined");
  static final Tag JS_FUNCTION = new Tag(YAML_TAG_PREFIX + "js/function");

  /** js-yaml accepts up to three of RegExp's classic flags. */
  private static final Pattern REGEXP_FLAGS = Pattern.compile("[gim]{0,3}");

  private final YamlReader.Positions positions;
  private final ConfigDocument document;
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;
  private final List<ConfigError> errors = new ArrayList<>();

  /** Nodes being built right now: meeting one again means an alias points into itself. */
  private final Set<Node> expanding = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Duplicate keys already reported, so a mapping copied by several aliases reports once. */
  private final Set<Node> reportedKeys = Collections.newSetFromMap(new IdentityHashMap<>());

  private int values;
  private int maxValues;

  YamlTreeBuilder(YamlReader.Positions positions, ConfigDocument document) {
    this.positions = positions;
    this.document = document;
  }

  /** Whether a document root holds nothing: no node, or a null scalar. */
  static boolean isNull(Node node) {
    if (node == null) {
      return true;
    }
    return node instanceof ScalarNode
        && (node.getTag().equals(Tag.NULL) || node.getTag().equals(JS_UNDEFINED));
  }

  /** Fills the document's root from the root mapping. */
  void buildRoot(MappingNode node) throws ConfigException {
    maxValues = YamlReader.MAX_EXPANDED_VALUES + YamlReader.EXPANSION_FACTOR * distinctNodes(node);
    try {
      document.recordContainer(document.root(), positions.at(node.getStartMark()));
      fillMapping(node, document.root(), ConfigPath.root(), 0);
    } catch (TooLarge e) {
      errors.add(e.error);
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  /** How many nodes the file itself holds, counting each anchored node once. */
  private static int distinctNodes(Node root) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      if (!seen.add(node)) {
        continue;
      }
      if (node instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          pending.push(tuple.getKeyNode());
          pending.push(tuple.getValueNode());
        }
      } else if (node instanceof SequenceNode sequence) {
        sequence.getValue().forEach(pending::push);
      }
    }
    return seen.size();
  }

  private JsonNode build(Node node, ConfigPath path, int depth) {
    if (++values > maxValues) {
      throw new TooLarge(
          error(
              node,
              path,
              "the document holds more than "
                  + maxValues
                  + " values once its aliases are expanded; aliases nest too deeply"));
    }
    if (depth > YamlReader.MAX_DEPTH) {
      throw new TooLarge(
          error(node, path, "values nest deeper than " + YamlReader.MAX_DEPTH + " levels"));
    }
    if (!expanding.add(node)) {
      errors.add(error(node, path, "an alias refers to a value that contains it"));
      return nodes.nullNode();
    }
    try {
      return switch (node.getNodeId()) {
        case scalar -> scalar((ScalarNode) node, path);
        case sequence -> sequence((SequenceNode) node, path, depth);
        default -> mapping((MappingNode) node, path, depth);
      };
    } finally {
      expanding.remove(node);
    }
  }

  private JsonNode mapping(MappingNode node, ConfigPath path, int depth) {
    Tag tag = node.getTag();
    if (!tag.equals(Tag.MAP) && !tag.equals(Tag.SET)) {
      return unsupported(node, path);
    }
    ObjectNode object = nodes.objectNode();
    document.recordContainer(object, positions.at(node.getStartMark()));
    fillMapping(node, object, path, depth);
    if (tag.equals(Tag.SET)) {
      object
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  errors.add(
                      error(node, path.child(e.getKey()), "a !!set holds keys only, not values"));
                }
              });
    }
    return object;
  }

  private void fillMapping(MappingNode node, ObjectNode object, ConfigPath path, int depth) {
    Map<String, Node> written = new HashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode instanceof ScalarNode && keyNode.getTag().equals(Tag.MERGE)) {
        merge(object, tuple.getValueNode(), path, depth);
        continue;
      }
      String key = key(keyNode, path);
      if (key == null) {
        continue;
      }
      Node first = written.putIfAbsent(key, keyNode);
      if (first != null) {
        duplicate(first, keyNode, path.child(key), key);
        continue;
      }
      // A key written here replaces a merged one in place, as js-yaml does.
      object.set(key, build(tuple.getValueNode(), path.child(key), depth + 1));
      document.recordMember(object, key, positions.at(keyNode.getStartMark()));
    }
  }

  /**
   * Copies the keys of the merged mappings that the mapping does not have yet; so keys written
   * before {@code <<} win, and earlier sources win over later ones. Keys written after {@code <<}
   * overwrite merged values in {@link #fillMapping}.
   */
  private void merge(ObjectNode object, Node source, ConfigPath path, int depth) {
    List<Node> sources = mergeSources(source);
    if (sources == null) {
      errors.add(
          error(source, path, "the merge key '<<' takes a mapping or a sequence of mappings"));
      return;
    }
    for (Node mapping : sources) {
      JsonNode merged = build(mapping, path, depth + 1);
      if (!merged.isObject()) {
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = merged.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!object.has(field.getKey())) {
          object.set(field.getKey(), field.getValue());
          document.copyMember(merged, field.getKey(), object, field.getKey());
        }
      }
    }
  }

  private static List<Node> mergeSources(Node source) {
    if (source instanceof MappingNode) {
      return List.of(source);
    }
    if (source instanceof SequenceNode sequence
        && sequence.getValue().stream().allMatch(MappingNode.class::isInstance)) {
      return sequence.getValue();
    }
    return null;
  }

  private void duplicate(Node first, Node again, ConfigPath path, String key) {
    if (!reportedKeys.add(again)) {
      return;
    }
    int firstLine = positions.at(first.getStartMark()).line();
    int againLine = positions.at(again.getStartMark()).line();
    errors.add(
        error(
            again,
            path,
            "duplicate key '"
                + key
                + "': first written at line "
                + firstLine
                + ", again at line "
                + againLine));
  }

  /** The property name js-yaml makes of a key: JavaScript's {@code String(value)}. */
  private String key(Node keyNode, ConfigPath path) {
    if (!(keyNode instanceof ScalarNode scalar)) {
      errors.add(
          error(
              keyNode,
              path,
              "a mapping key must be a string, number or boolean, not a list or map"));
      return null;
    }
    JsonNode value = scalar(scalar, path);
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNull()) {
      return "null";
    }
    if (value.isBoolean() || value.isIntegralNumber()) {
      return value.asText();
    }
    if (value.isNumber()) {
      return javaScriptNumber(value.doubleValue());
    }
    // A regular expression: JavaScript prints it as /pattern/flags.
    return "/" + value.path("$regexp").asText() + "/" + value.path("$flags").asText();
  }

  private JsonNode sequence(SequenceNode node, ConfigPath path, int depth) {
    Tag tag = node.getTag();
    if (!tag.equals(Tag.SEQ) && !tag.equals(Tag.OMAP) && !tag.equals(Tag.PAIRS)) {
      return unsupported(node, path);
    }
    ArrayNode array = nodes.arrayNode();
    document.recordContainer(array, positions.at(node.getStartMark()));
    List<Node> elements = node.getValue();
    for (int i = 0; i < elements.size(); i++) {
      Node element = elements.get(i);
      ConfigPath elementPath = path.index(i);
      JsonNode value = build(element, elementPath, depth + 1);
      if (!tag.equals(Tag.SEQ)) {
        value = orderedPair(tag, element, value, elementPath);
      }
      array.add(value);
      document.recordMember(array, i, positions.at(element.getStartMark()));
    }
    return array;
  }

  /** An element of {@code !!omap} (kept as a one-key object) or {@code !!pairs} ([key, value]). */
  private JsonNode orderedPair(Tag tag, Node element, JsonNode value, ConfigPath path) {
    if (!value.isObject() || value.size() != 1) {
      errors.add(error(element, path, "each element of a " + display(tag) + " is a one-key map"));
      return value;
    }
    if (tag.equals(Tag.OMAP)) {
      return value;
    }
    Map.Entry<String, JsonNode> pair = value.fields().next();
    return nodes.arrayNode().add(pair.getKey()).add(pair.getValue());
  }

  private JsonNode scalar(ScalarNode node, ConfigPath path) {
    Tag tag = node.getTag();
    String text = node.getValue();
    try {
      if (tag.equals(Tag.STR) || tag.equals(Tag.MERGE)) {
        return nodes.textNode(text);
      }
      if (tag.equals(Tag.NULL)) {
        return JsYamlScalars.nullValue(text);
      }
      if (tag.equals(Tag.BOOL)) {
        return JsYamlScalars.bool(text);
      }
      if (tag.equals(Tag.INT)) {
        return JsYamlScalars.integer(text);
      }
      if (tag.equals(Tag.FLOAT)) {
        return JsYamlScalars.floating(text);
      }
      if (tag.equals(Tag.TIMESTAMP)) {
        return nodes.textNode(JsYamlScalars.timestamp(text));
      }
      if (tag.equals(Tag.BINARY)) {
        return nodes.textNode(text.replaceAll("\\s", ""));
      }
      if (tag.equals(JS_REGEXP)) {
        return regexp(node, text);
      }
      if (tag.equals(JS_UNDEFINED)) {
        return nodes.nullNode();
      }
    } catch (IllegalArgumentException e) {
      errors.add(error(node, path, "invalid " + display(tag) + " value: " + e.getMessage()));
      return nodes.nullNode();
    }
    return unsupported(node, path);
  }

  /**
   * {@code /pattern/flags} or a bare pattern, as js-yaml's {@code !!js/regexp} reads it: when the
   * text starts with a slash it must end with one, followed by up to three of {@code g i m}.
   */
  private JsonNode regexp(ScalarNode node, String text) {
    String pattern = text;
    String flags = "";
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the pattern is empty");
    }
    if (text.startsWith("/")) {
      int closing = text.lastIndexOf('/');
      flags = text.substring(closing + 1);
      if (!REGEXP_FLAGS.matcher(flags).matches()) {
        throw new IllegalArgumentException(
            "expected /pattern/flags with flags among g, i and m, got " + text);
      }
      if (flags.chars().distinct().count() != flags.length()) {
        throw new IllegalArgumentException("repeated flag in " + text);
      }
      pattern = closing == 0 ? "" : text.substring(1, closing);
    }
    ObjectNode regexp = nodes.objectNode().put("$regexp", pattern).put("$flags", flags);
    document.recordContainer(regexp, positions.at(node.getStartMark()));
    return regexp;
  }

  private JsonNode unsupported(Node node, ConfigPath path) {
    Tag tag = node.getTag();
    String message;
    if (tag.equals(JS_FUNCTION)) {
      message =
          "!!js/function is not supported: JavaScript functions cannot run in a Gatehouse"
              + " configuration";
    } else if (isStandard(tag)) {
      message = "the tag " + display(tag) + " does not apply to a " + node.getNodeId();
    } else {
      message =
          "unsupported tag "
              + display(tag)
              + ": JavaScript functions and custom types are not supported; use standard YAML,"
              + " !!js/regexp or !!js/undefined";
    }
    errors.add(error(node, path, message));
    return nodes.nullNode();
  }

  private static boolean isStandard(Tag tag) {
    return List.of(
            Tag.MAP,
            Tag.SET,
            Tag.OMAP,
            Tag.PAIRS,
            Tag.SEQ,
            Tag.STR,
            Tag.NULL,
            Tag.BOOL,
            Tag.INT,
            Tag.FLOAT,
            Tag.TIMESTAMP,
            Tag.BINARY,
            JS_REGEXP,
            JS_UNDEFINED)
        .contains(tag);
  }

  /** {@code !!int} for YAML's own tags, the tag as written otherwise. */
  private static String display(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(YAML_TAG_PREFIX)
        ? "!!" + value.substring(YAML_TAG_PREFIX.length())
        : value;
  }

  private ConfigError error(Node node, ConfigPath path, String message) {
    return ConfigError.of(positions.at(node.getStartMark()), path, message);
  }

  /** JavaScript's {@code Number.prototype.toString()}, for keys written as floats. */
  static String javaScriptNumber(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-6 && magnitude < 1e21) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "")
        + mantissa
        + "e"
        + (exponent >= 0 ? "+" : "-")
        + Math.abs(exponent);
  }

  /** Stops building when the document grows beyond the limits. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ConfigError error;

    TooLarge(ConfigError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }
}
