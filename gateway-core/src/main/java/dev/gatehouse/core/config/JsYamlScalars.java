package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Plain scalars resolved the way js-yaml 3 {@code load()} resolves them, which is what Express
 * Gateway configurations were written against. It differs from SnakeYAML's YAML 1.1 resolver:
 *
 * <ul>
 *   <li>only {@code true/True/TRUE/false/False/FALSE} are booleans ({@code yes}, {@code no}, {@code
 *       on}, {@code off} stay strings);
 *   <li>{@code ~}, {@code null}, {@code Null}, {@code NULL} and the empty scalar are null;
 *   <li>integers: decimal, {@code 0x} hex, {@code 0b} binary, leading-zero octal ({@code 017} is
 *       15), base 60 ({@code 1:30} is 90), with {@code _} separators; {@code 0o17} is a string;
 *   <li>floats: {@code 1.5}, {@code 1e3}, {@code .5}, {@code 1:30.5}, {@code .inf}, {@code .nan};
 *   <li>timestamps ({@code 2001-12-14}) resolve as such but are kept as their text, since JSON has
 *       no date type;
 *   <li>{@code <<} is the merge key.
 * </ul>
 */
final class JsYamlScalars {

  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern INT =
      Pattern.compile(
          "[-+]?(?:0b[01_]*[01]"
              + "|0x[0-9a-fA-F_]*[0-9a-fA-F]"
              + "|0[0-7_]*[0-7]"
              + "|0"
              + "|[1-9](?:[0-9_]*[0-9])?"
              + "|[1-9][0-9_]*(?::[0-5]?[0-9])+)");
  private static final Pattern FLOAT =
      Pattern.compile(
          "(?:[-+]?(?:0|[1-9][0-9_]*)(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
              + "|\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN))");
  private static final Pattern TIMESTAMP_TEXT =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
              + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsYamlScalars() {}

  /** The tag js-yaml gives a plain, untagged scalar. */
  static Tag resolvePlain(String value) {
    if (NULL.matcher(value).matches()) {
      return Tag.NULL;
    }
    if (BOOL.matcher(value).matches()) {
      return Tag.BOOL;
    }
    if (INT.matcher(value).matches()) {
      return Tag.INT;
    }
    if (isFloat(value)) {
      return Tag.FLOAT;
    }
    if (TIMESTAMP_TEXT.matcher(value).matches()) {
      return Tag.TIMESTAMP;
    }
    if (value.equals("<<")) {
      return Tag.MERGE;
    }
    return Tag.STR;
  }

  private static boolean isFloat(String value) {
    return FLOAT.matcher(value).matches() && !value.endsWith("_");
  }

  /**
   * The value of a {@code !!null} scalar.
   *
   * @throws IllegalArgumentException when the text is not one of js-yaml's nulls
   */
  static JsonNode nullValue(String value) {
    if (!NULL.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not null (~, null or nothing)");
    }
    return NODES.nullNode();
  }

  /**
   * The text of a {@code !!timestamp} scalar, checked.
   *
   * @throws IllegalArgumentException when the text is not a YAML date or timestamp
   */
  static String timestamp(String value) {
    if (!TIMESTAMP_TEXT.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a date or timestamp");
    }
    return value;
  }

  /**
   * The value of a {@code !!bool} scalar.
   *
   * @throws IllegalArgumentException when the text is not a js-yaml boolean
   */
  static JsonNode bool(String value) {
    if (!BOOL.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a boolean (true or false)");
    }
    return NODES.booleanNode(value.charAt(0) == 't' || value.charAt(0) == 'T');
  }

  /**
   * The value of a {@code !!int} scalar, exact even beyond 64 bits.
   *
   * @throws IllegalArgumentException when the text is not a js-yaml integer
   */
  static JsonNode integer(String text) {
    if (!INT.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not an integer");
    }
    String value = text.replace("_", "");
    boolean negative = value.startsWith("-");
    if (negative || value.startsWith("+")) {
      value = value.substring(1);
    }
    BigInteger magnitude;
    if (value.startsWith("0b")) {
      magnitude = new BigInteger(value.substring(2), 2);
    } else if (value.startsWith("0x")) {
      magnitude = new BigInteger(value.substring(2), 16);
    } else if (value.length() > 1 && value.startsWith("0")) {
      magnitude = new BigInteger(value.substring(1), 8);
    } else if (value.contains(":")) {
      magnitude = BigInteger.ZERO;
      for (String digit : value.split(":")) {
        magnitude = magnitude.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
      }
    } else {
      magnitude = new BigInteger(value);
    }
    return integerNode(negative ? magnitude.negate() : magnitude);
  }

  static JsonNode integerNode(BigInteger value) {
    if (value.bitLength() < 32) {
      return NODES.numberNode(value.intValue());
    }
    if (value.bitLength() < 64) {
      return NODES.numberNode(value.longValue());
    }
    return NODES.numberNode(value);
  }

  /**
   * The value of a {@code !!float} scalar.
   *
   * @throws IllegalArgumentException when the text is not a js-yaml float
   */
  static JsonNode floating(String text) {
    if (!isFloat(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
    String value = text.replace("_", "").toLowerCase(Locale.ROOT);
    double sign = value.startsWith("-") ? -1 : 1;
    if (value.startsWith("-") || value.startsWith("+")) {
      value = value.substring(1);
    }
    if (value.equals(".inf")) {
      return NODES.numberNode(sign * Double.POSITIVE_INFINITY);
    }
    if (value.equals(".nan")) {
      return NODES.numberNode(Double.NaN);
    }
    if (value.contains(":")) {
      double sum = 0;
      for (String digit : value.split(":")) {
        sum = sum * 60 + Double.parseDouble(digit);
      }
      return NODES.numberNode(sign * sum);
    }
    return NODES.numberNode(sign * Double.parseDouble(value));
  }

  /**
   * SnakeYAML's composer asks this resolver for the tag of every untagged node; it answers as
   * js-yaml would.
   */
  static final class JsYamlResolver extends Resolver {

    @Override
    protected void addImplicitResolvers() {
      // resolve() below replaces SnakeYAML's YAML 1.1 table entirely.
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      return switch (kind) {
        case scalar -> implicit ? resolvePlain(value) : Tag.STR;
        case sequence -> Tag.SEQ;
        default -> Tag.MAP;
      };
    }
  }
}
