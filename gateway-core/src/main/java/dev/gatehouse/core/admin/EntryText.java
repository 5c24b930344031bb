package dev.gatehouse.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gatehouse.core.config.ConfigBinding;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes new configuration values as text: YAML block style (or JSON where YAML would not read back
 * the same value) for YAML files, JSON for JSON files and inside YAML flow collections. Lines after
 * the first are indented by the column the value's key starts at, so the text can be put in place
 * of an entry as it is.
 */
final class EntryText {

  /** A key or scalar that reads as the same string in every YAML flavour without quotes. */
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-/]*");

  private static final Pattern SPECIAL =
      Pattern.compile(
          "(?i)y|n|yes|no|on|off|true|false|null|~|nan|inf|[-+]?\\.inf|\\.nan|<<|=|[-+]?[0-9].*");

  private final String newline;
  private final boolean jsonFile;
  private final boolean jsonValues;

  /**
   * @param newline the file's line break
   * @param jsonFile the file is JSON: every value is JSON
   * @param jsonValues write YAML block values as single-line JSON (the fallback for values that
   *     YAML block style would not read back the same)
   */
  EntryText(String newline, boolean jsonFile, boolean jsonValues) {
    this.newline = newline;
    this.jsonFile = jsonFile;
    this.jsonValues = jsonValues;
  }

  /** {@code key: value} in a block mapping whose keys start at column {@code indent}. */
  String blockEntry(String key, JsonNode value, int indent) {
    if (jsonValues) {
      return json(key) + ": " + json(value, 0, false);
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(key, ConfigBinding.mapper().convertValue(value, Object.class));
    return indent(yaml().dump(entry).stripTrailing(), indent);
  }

  /** {@code - value}: an item of a block sequence. */
  String blockItem(String value) {
    return "- " + scalar(value);
  }

  /** {@code key: value} in a flow mapping (or a JSON object) whose keys are at {@code indent}. */
  String flowEntry(String key, JsonNode value, int indent) {
    String renderedKey = jsonFile ? json(key) : scalar(key);
    return renderedKey + ": " + json(value, indent, jsonFile);
  }

  /** An item of a flow sequence. */
  String flowItem(String value) {
    return jsonFile ? json(value) : scalar(value);
  }

  /** A whole JSON document holding one member, for an empty JSON file. */
  String jsonDocument(String key, JsonNode value) {
    return "{" + newline + "  " + flowEntry(key, value, 2) + newline + "}" + newline;
  }

  String newline() {
    return newline;
  }

  /** A string as a plain scalar when that is safe everywhere, else as a JSON string. */
  private String scalar(String value) {
    return SIMPLE.matcher(value).matches() && !SPECIAL.matcher(value).matches()
        ? value
        : json(value);
  }

  private String indent(String text, int indent) {
    String prefix = " ".repeat(indent);
    return text.replace("\n", newline + prefix);
  }

  /** JSON text of {@code value}; pretty (one member per line, nested from {@code indent}). */
  private String json(JsonNode value, int indent, boolean pretty) {
    String separator = pretty ? "," : ", ";
    String inner = pretty ? newline + " ".repeat(indent + 2) : "";
    String outer = pretty ? newline + " ".repeat(indent) : "";
    if (value.isObject() && value.size() > 0) {
      StringBuilder out = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.append(inner).append(json(field.getKey())).append(": ");
        out.append(json(field.getValue(), indent + 2, pretty));
        out.append(fields.hasNext() ? separator : "");
      }
      return out.append(outer).append('}').toString();
    }
    if (value.isArray() && value.size() > 0) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < value.size(); i++) {
        out.append(inner).append(json(value.get(i), indent + 2, pretty));
        out.append(i + 1 < value.size() ? separator : "");
      }
      return out.append(outer).append(']').toString();
    }
    try {
      return ConfigBinding.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON value always serialises", e);
    }
  }

  private String json(String text) {
    return json(JsonNodeFactory.instance.textNode(text), 0, false);
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    options.setAllowUnicode(true);
    return new Yaml(options);
  }
}
