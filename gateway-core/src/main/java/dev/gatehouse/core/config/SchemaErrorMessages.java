package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the validator's errors into {@link ConfigError}s an operator can act on: each names the
 * YAML path of the offending value and says what was expected ({@code expected integer, got string
 * "abc"}, {@code required property 'url' missing}, {@code must be one of [a, b], got string "c"}).
 *
 * <p>The failures of {@code anyOf}/{@code oneOf} alternatives are summarised: alternatives that
 * reject the value's type outright are left out, so a value that is the right kind for one
 * alternative gets that alternative's errors, and a value of the wrong kind for all gets one {@code
 * expected string or array, got integer 5}.
 */
final class SchemaErrorMessages {

  private static final Set<String> ALTERNATIVES = Set.of("anyOf", "oneOf");

  /** Keywords whose subschema follows directly in an evaluation path, without a name or index. */
  private static final Set<String> DIRECT_SUBSCHEMAS =
      Stream.concat(
              SchemaResources.SINGLE.stream(),
              Stream.of("$ref", "$dynamicRef", "$recursiveRef", "items"))
          .collect(Collectors.toUnmodifiableSet());

  /** Keywords by which an alternative refuses a value for what it is, not for its contents. */
  private static final Set<String> OUTRIGHT = Set.of("type", "const", "enum");

  private static final int SHOWN_TEXT = 60;

  private final ConfigPath at;
  private final Function<ConfigPath, SourceLocation> locate;

  private SchemaErrorMessages(ConfigPath at, Function<ConfigPath, SourceLocation> locate) {
    this.at = at;
    this.locate = locate;
  }

  /**
   * @param errors what the validator reported for an instance
   * @param at the YAML path of that instance
   * @param locate where a path is in the source; may return null
   */
  static List<ConfigError> describe(
      List<Error> errors, ConfigPath at, Function<ConfigPath, SourceLocation> locate) {
    SchemaErrorMessages messages = new SchemaErrorMessages(at, locate);
    List<Reported> parsed = errors.stream().map(Reported::of).toList();
    Set<ConfigError> unique = new LinkedHashSet<>(messages.report(parsed, 0));
    List<ConfigError> result = new ArrayList<>(unique);
    result.sort(
        Comparator.comparingInt((ConfigError e) -> e.location() == null ? 0 : e.location().line())
            .thenComparingInt(e -> e.location() == null ? 0 : e.location().column()));
    return result;
  }

  /** One validator error with its instance path and the alternatives it was found inside. */
  private record Reported(Error error, ConfigPath path, List<Frame> frames, String summaryOf) {

    static Reported of(Error error) {
      List<String> evaluation = elements(error.getEvaluationPath());
      List<Frame> frames = new ArrayList<>();
      int i = 0;
      while (i < evaluation.size()) {
        String keyword = evaluation.get(i);
        boolean indexed = i + 1 < evaluation.size() && isIndex(evaluation.get(i + 1));
        if (ALTERNATIVES.contains(keyword) && indexed) {
          String key = String.join("/", evaluation.subList(0, i + 1));
          frames.add(new Frame(key, Integer.parseInt(evaluation.get(i + 1))));
          i += 2;
        } else if (SchemaResources.BY_NAME.contains(keyword) && i + 1 < evaluation.size()
            || (SchemaResources.BY_INDEX.contains(keyword) || keyword.equals("items")) && indexed) {
          i += 2;
        } else if (DIRECT_SUBSCHEMAS.contains(keyword)) {
          i += 1;
        } else {
          break;
        }
      }
      String summaryOf =
          ALTERNATIVES.contains(error.getKeyword()) ? String.join("/", evaluation) : null;
      return new Reported(error, instancePath(error.getInstanceLocation()), frames, summaryOf);
    }

    String keyword() {
      return error.getKeyword();
    }
  }

  /** An {@code anyOf}/{@code oneOf} (by its evaluation path) and the alternative taken. */
  private record Frame(String key, int alternative) {}

  /** The errors of one {@code anyOf}/{@code oneOf}, by alternative. */
  private static final class Alternatives {
    Reported summary;
    final Map<Integer, List<Reported>> byAlternative = new TreeMap<>();
  }

  private List<ConfigError> report(List<Reported> errors, int depth) {
    List<ConfigError> out = new ArrayList<>();
    Map<String, Alternatives> groups = new LinkedHashMap<>();
    for (Reported error : errors) {
      if (error.frames().size() > depth) {
        Frame frame = error.frames().get(depth);
        groups
            .computeIfAbsent(frame.key(), k -> new Alternatives())
            .byAlternative
            .computeIfAbsent(frame.alternative(), k -> new ArrayList<>())
            .add(error);
      } else if (error.summaryOf() != null) {
        groups.computeIfAbsent(error.summaryOf(), k -> new Alternatives()).summary = error;
      } else {
        out.add(single(error));
      }
    }
    for (Alternatives group : groups.values()) {
      out.addAll(summarise(group, depth));
    }
    return out;
  }

  private List<ConfigError> summarise(Alternatives group, int depth) {
    Reported summary = group.summary;
    if (summary != null && summary.keyword().equals("oneOf") && validCount(summary) > 1) {
      return List.of(
          error(
              summary.path(),
              "matches "
                  + validCount(summary)
                  + " of the allowed alternatives, but must match exactly one"));
    }
    ConfigPath path = summary != null ? summary.path() : commonPath(group);
    if (group.byAlternative.isEmpty()) {
      return List.of(error(path, "matches none of the allowed alternatives"));
    }
    Map<Integer, List<Reported>> candidates = new TreeMap<>();
    List<Reported> refusals = new ArrayList<>();
    group.byAlternative.forEach(
        (alternative, errors) -> {
          List<Reported> outright =
              errors.stream()
                  .filter(e -> e.frames().size() == depth + 1)
                  .filter(e -> e.path().equals(path) && OUTRIGHT.contains(e.keyword()))
                  .toList();
          if (outright.isEmpty()) {
            candidates.put(alternative, errors);
          } else {
            refusals.addAll(outright);
          }
        });
    if (candidates.isEmpty()) {
      return List.of(error(path, expectedOneOf(refusals)));
    }
    if (candidates.size() == 1) {
      return report(candidates.values().iterator().next(), depth + 1);
    }
    List<String> reasons = new ArrayList<>();
    for (List<Reported> errors : candidates.values()) {
      ConfigError first = report(errors, depth + 1).get(0);
      boolean deeper = !first.path().equals(at.resolve(path));
      reasons.add(deeper ? first.path() + ": " + first.message() : first.message());
    }
    return List.of(
        error(path, "matches none of the allowed alternatives: " + String.join("; or ", reasons)));
  }

  private static int validCount(Reported summary) {
    Object[] arguments = summary.error().getArguments();
    if (arguments != null && arguments.length > 0) {
      try {
        return Integer.parseInt(String.valueOf(arguments[0]));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static ConfigPath commonPath(Alternatives group) {
    List<ConfigPath.Segment> common = null;
    for (List<Reported> errors : group.byAlternative.values()) {
      for (Reported error : errors) {
        List<ConfigPath.Segment> segments = error.path().segments();
        if (common == null) {
          common = segments;
          continue;
        }
        int n = 0;
        while (n < common.size() && n < segments.size() && common.get(n).equals(segments.get(n))) {
          n++;
        }
        common = common.subList(0, n);
      }
    }
    return ConfigPath.of(common == null ? List.of() : common);
  }

  private static String expectedOneOf(List<Reported> refusals) {
    Set<String> expected = new LinkedHashSet<>();
    for (Reported refusal : refusals) {
      JsonNode schema = refusal.error().getSchemaNode();
      switch (refusal.keyword()) {
        case "type" -> expected.addAll(AjvCoercion.types(schema));
        case "const" -> expected.add(render(schema));
        default -> expected.add("one of " + renderList(schema));
      }
    }
    return "expected " + orList(List.copyOf(expected)) + ", got " + describe(refusals.get(0));
  }

  private ConfigError single(Reported reported) {
    Error error = reported.error();
    JsonNode schema = error.getSchemaNode();
    ConfigPath path = reported.path();
    String message =
        switch (reported.keyword()) {
          case "type" ->
              "expected " + orList(AjvCoercion.types(schema)) + ", got " + describe(reported);
          case "required" -> "required property '" + error.getProperty() + "' missing";
          case "enum" -> "must be one of " + renderList(schema) + ", got " + describe(reported);
          case "const" -> "must be " + render(schema) + ", got " + describe(reported);
          case "additionalProperties", "unevaluatedProperties" -> {
            path = path.child(error.getProperty());
            yield "property '" + error.getProperty() + "' is not allowed here";
          }
          case "false" -> "is not allowed here";
          case "minimum" -> "must be >= " + schema + ", got " + describe(reported);
          case "maximum" -> "must be <= " + schema + ", got " + describe(reported);
          case "exclusiveMinimum" -> "must be > " + schema + ", got " + describe(reported);
          case "exclusiveMaximum" -> "must be < " + schema + ", got " + describe(reported);
          case "multipleOf" -> "must be a multiple of " + schema;
          case "minLength" -> "must be at least " + schema + " characters long";
          case "maxLength" -> "must be at most " + schema + " characters long";
          case "pattern" -> "must match the pattern " + schema.asText();
          case "format" -> "must be a valid " + formatName(error, schema);
          case "minItems" -> "must have at least " + schema + " items";
          case "maxItems" -> "must have at most " + schema + " items";
          case "uniqueItems" -> "must not contain the same item twice";
          case "minProperties" -> "must have at least " + schema + " properties";
          case "maxProperties" -> "must have at most " + schema + " properties";
          case "dependencies", "dependentRequired" -> dependency(error, schema);
          case "not" -> "must not match the schema " + abbreviate(schema.toString());
          default -> error.getMessage();
        };
    return error(path, message);
  }

  private static String formatName(Error error, JsonNode schema) {
    Object[] arguments = error.getArguments();
    return arguments != null && arguments.length > 0
        ? String.valueOf(arguments[0])
        : schema.asText();
  }

  private static String dependency(Error error, JsonNode schema) {
    String property = error.getProperty();
    JsonNode required = schema == null ? null : schema.get(property);
    if (required == null || !required.isArray()) {
      return error.getMessage();
    }
    List<String> names = new ArrayList<>();
    required.forEach(name -> names.add("'" + name.asText() + "'"));
    return "property '" + property + "' requires " + String.join(", ", names) + " as well";
  }

  private ConfigError error(ConfigPath relative, String message) {
    ConfigPath path = at.resolve(relative);
    return ConfigError.of(locate.apply(path), path, message);
  }

  /** {@code string "abc"}, {@code integer 5}, {@code null}, {@code an object}. */
  private static String describe(Reported reported) {
    JsonNode value = reported.error().getInstanceNode();
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return "string \"" + abbreviate(value.textValue()) + "\"";
    }
    if (value.isIntegralNumber()) {
      return "integer " + value;
    }
    if (value.isNumber()) {
      return "number " + value;
    }
    if (value.isBoolean()) {
      return "boolean " + value;
    }
    return value.isArray() ? "an array" : "an object";
  }

  private static String render(JsonNode value) {
    return value.isTextual() ? "\"" + value.textValue() + "\"" : value.toString();
  }

  /** {@code [a, b, 3]}: texts as written, other values as JSON. */
  private static String renderList(JsonNode values) {
    List<String> items = new ArrayList<>();
    values.forEach(value -> items.add(value.isTextual() ? value.textValue() : value.toString()));
    return "[" + String.join(", ", items) + "]";
  }

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  private static String orList(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return items.subList(0, items.size() - 1).stream().collect(Collectors.joining(", "))
        + " or "
        + items.get(items.size() - 1);
  }

  private static String abbreviate(String text) {
    return text.length() <= SHOWN_TEXT ? text : text.substring(0, SHOWN_TEXT) + "…";
  }

  private static List<String> elements(NodePath path) {
    List<String> elements = new ArrayList<>(path.getNameCount());
    for (int i = 0; i < path.getNameCount(); i++) {
      elements.add(String.valueOf(path.getElement(i)));
    }
    return elements;
  }

  private static boolean isIndex(String element) {
    return !element.isEmpty() && element.chars().allMatch(Character::isDigit);
  }

  /** The instance location as a config path; array indices become index segments. */
  private static ConfigPath instancePath(NodePath location) {
    ConfigPath path = ConfigPath.root();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path =
          element instanceof Integer index
              ? path.index(index)
              : path.child(String.valueOf(element));
    }
    return path;
  }
}
