package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scalar type coercion as ajv 6 does it with {@code coerceTypes: true}, which Express Gateway
 * configurations rely on ({@code port: "8080"} is a number, {@code secret: 12345} a string).
 *
 * <p>When a value matches none of the types a schema allows, the allowed types are tried in the
 * order string, number, integer, boolean, null:
 *
 * <ul>
 *   <li>to string: a number or boolean becomes its text, null becomes {@code ""};
 *   <li>to number or integer: a boolean becomes 1 or 0, null becomes 0, a string becomes the number
 *       JavaScript reads in it ({@code " 8080 "}, {@code "1e3"}, {@code "0x1F"}) when it has one
 *       (and, for integer, when that number is whole);
 *   <li>to boolean: {@code "true"}, {@code 1} become true; {@code "false"}, {@code 0}, null become
 *       false;
 *   <li>to null: {@code ""}, {@code 0} and false become null.
 * </ul>
 *
 * Objects and arrays are never coerced, and nothing is ever coerced into one.
 */
final class AjvCoercion {

  private static final List<String> ORDER =
      List.of("string", "number", "integer", "boolean", "null");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  /** Beyond this JavaScript reads Infinity. */
  private static final BigDecimal LARGEST = new BigDecimal(Double.MAX_VALUE);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AjvCoercion() {}

  /** The types a {@code type} keyword allows, in the order written. */
  static List<String> types(JsonNode typeKeyword) {
    List<String> types = new ArrayList<>();
    if (typeKeyword.isTextual()) {
      types.add(typeKeyword.textValue());
    } else if (typeKeyword.isArray()) {
      typeKeyword.forEach(type -> types.add(type.asText()));
    }
    return types;
  }

  /** Whether {@code value} is of JSON Schema type {@code type}; whole numbers are integers. */
  static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "integer" -> isWhole(value);
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> false;
    };
  }

  /**
   * The coerced value, or null when {@code value} already has one of the types or none of them can
   * take it.
   */
  static JsonNode coerce(JsonNode value, List<String> types) {
    if (types.stream().anyMatch(type -> hasType(value, type))) {
      return null;
    }
    for (String type : ORDER) {
      if (types.contains(type)) {
        JsonNode coerced = coerceTo(value, type);
        if (coerced != null) {
          return coerced;
        }
      }
    }
    return null;
  }

  private static JsonNode coerceTo(JsonNode value, String type) {
    return switch (type) {
      case "string" -> toText(value);
      case "number" -> toNumber(value, false);
      case "integer" -> toNumber(value, true);
      case "boolean" -> toBoolean(value);
      default -> isFalsyScalar(value) ? NODES.nullNode() : null;
    };
  }

  private static JsonNode toText(JsonNode value) {
    if (value.isNull()) {
      return NODES.textNode("");
    }
    if (value.isBoolean()) {
      return NODES.textNode(value.asText());
    }
    if (value.isIntegralNumber()) {
      return NODES.textNode(value.bigIntegerValue().toString());
    }
    if (value.isNumber()) {
      return NODES.textNode(YamlTreeBuilder.javaScriptNumber(value.doubleValue()));
    }
    return null;
  }

  private static JsonNode toNumber(JsonNode value, boolean whole) {
    if (value.isBoolean()) {
      return NODES.numberNode(value.booleanValue() ? 1 : 0);
    }
    if (value.isNull()) {
      return NODES.numberNode(0);
    }
    if (!value.isTextual()) {
      return null;
    }
    BigDecimal number = javaScriptNumber(value.textValue());
    if (number == null || (whole && number.stripTrailingZeros().scale() > 0)) {
      return null;
    }
    return numberNode(number);
  }

  private static JsonNode toBoolean(JsonNode value) {
    if (value.isNull() || (value.isNumber() && value.doubleValue() == 0)) {
      return NODES.booleanNode(false);
    }
    if (value.isNumber() && value.doubleValue() == 1) {
      return NODES.booleanNode(true);
    }
    if (value.isTextual()
        && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return NODES.booleanNode(value.textValue().equals("true"));
    }
    return null;
  }

  private static boolean isFalsyScalar(JsonNode value) {
    return (value.isTextual() && value.textValue().isEmpty())
        || (value.isNumber() && value.doubleValue() == 0)
        || (value.isBoolean() && !value.booleanValue());
  }

  private static boolean isWhole(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (!value.isNumber()) {
      return false;
    }
    double d = value.doubleValue();
    return !Double.isInfinite(d) && d == Math.rint(d);
  }

  /**
   * The finite number JavaScript's {@code Number(text)} gives, or null when it gives NaN, Infinity,
   * or 0 for a blank text (ajv skips empty strings; a blank one is no number either).
   */
  static BigDecimal javaScriptNumber(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.length() > 2 && trimmed.charAt(0) == '0') {
      int radix =
          switch (Character.toLowerCase(trimmed.charAt(1))) {
            case 'x' -> 16;
            case 'o' -> 8;
            case 'b' -> 2;
            default -> 0;
          };
      String digits = trimmed.substring(2);
      if (radix != 0) {
        try {
          boolean plain = digits.chars().allMatch(Character::isLetterOrDigit);
          return plain ? new BigDecimal(new BigInteger(digits, radix)) : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    if (!DECIMAL.matcher(trimmed).matches()) {
      return null;
    }
    try {
      BigDecimal number = new BigDecimal(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
      return number.abs().compareTo(LARGEST) > 0 ? null : number;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode numberNode(BigDecimal number) {
    BigDecimal stripped = number.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return JsYamlScalars.integerNode(stripped.toBigIntegerExact());
    }
    return NODES.numberNode(number.doubleValue());
  }
}
