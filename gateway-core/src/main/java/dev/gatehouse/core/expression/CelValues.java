package dev.gatehouse.core.expression;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between the values Gatehouse holds (JSON-like Java objects, Vert.x JSON) and the values
 * CEL's runtime works with, and renders results as text or JSON.
 *
 * <p>CEL knows {@code int} only as {@code long} and {@code null} only as its own null value, so
 * everything handed to it goes through {@link #toCel(Object)}; results come back through {@link
 * #toJava(Object)}.
 */
final class CelValues {

  /** CEL's null as its legacy runtime represents it in variables. */
  static final Object NULL = com.google.protobuf.NullValue.NULL_VALUE;

  private CelValues() {}

  /** A Java value as a CEL value: never Java {@code null}, maps and lists converted deeply. */
  static Object toCel(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Double) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    if (value instanceof JsonObject json) {
      return toCelMap(json.getMap());
    }
    if (value instanceof JsonArray json) {
      return toCelList(json.getList());
    }
    if (value instanceof Map<?, ?> map) {
      return toCelMap(map);
    }
    if (value instanceof Collection<?> collection) {
      return toCelList(collection);
    }
    if (value instanceof byte[] bytes) {
      return CelByteString.of(bytes);
    }
    if (value instanceof Instant || value instanceof Duration) {
      return value;
    }
    return value.toString();
  }

  /** A map with string keys whose values are CEL values; unmodifiable. */
  static Map<String, Object> toCelMap(Map<?, ?> map) {
    Map<String, Object> converted = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    map.forEach((key, value) -> converted.put(String.valueOf(key), toCel(value)));
    return Collections.unmodifiableMap(converted);
  }

  /** A list of CEL values; unmodifiable. */
  static List<Object> toCelList(Collection<?> values) {
    List<Object> converted = new ArrayList<>(values.size());
    for (Object value : values) {
      converted.add(toCel(value));
    }
    return Collections.unmodifiableList(converted);
  }

  /**
   * A CEL result as plain Java: {@code null}, {@link String}, {@link Long}, {@link BigInteger} (a
   * {@code uint} beyond {@code long}), {@link Double}, {@link Boolean}, {@code byte[]}, {@link
   * Instant}, {@link Duration}, {@link List} or {@link Map} with string keys. An empty optional is
   * {@code null}, a present one its value.
   */
  static Object toJava(Object value) {
    if (value == null || isNull(value)) {
      return null;
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(CelValues::toJava).orElse(null);
    }
    if (value instanceof CelByteString bytes) {
      return bytes.toByteArray();
    }
    if (value instanceof UnsignedLong unsigned) {
      BigInteger big = unsigned.bigIntegerValue();
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>(Math.max(4, map.size() * 2));
      map.forEach((k, v) -> converted.put(String.valueOf(toJava(k)), toJava(v)));
      return converted;
    }
    if (value instanceof Collection<?> list) {
      List<Object> converted = new ArrayList<>(list.size());
      list.forEach(element -> converted.add(toJava(element)));
      return converted;
    }
    return value;
  }

  private static boolean isNull(Object value) {
    return value instanceof com.google.protobuf.NullValue
        || value instanceof dev.cel.common.values.NullValue;
  }

  /**
   * A plain value ({@link #toJava(Object)}) as text, the way a JavaScript template literal renders
   * it: strings as they are, {@code null} as {@code null}, whole doubles without a fraction, lists
   * as their elements joined by commas (a {@code null} element as nothing). Unlike JavaScript, maps
   * render as JSON rather than {@code [object Object]}, bytes as UTF-8 text, timestamps in RFC 3339
   * and durations in seconds ({@code 1.5s}), as CEL's {@code string()} does.
   */
  static String text(Object value) {
    StringBuilder out = new StringBuilder();
    appendText(out, value, true);
    return out.toString();
  }

  private static void appendText(StringBuilder out, Object value, boolean topLevel) {
    if (value == null) {
      out.append(topLevel ? "null" : "");
    } else if (value instanceof String string) {
      out.append(string);
    } else if (value instanceof Double number) {
      out.append(number(number));
    } else if (value instanceof byte[] bytes) {
      out.append(new String(bytes, StandardCharsets.UTF_8));
    } else if (value instanceof Duration duration) {
      out.append(duration(duration));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendText(out, list.get(i), false);
      }
    } else if (value instanceof Map<?, ?>) {
      out.append(((JsonObject) json(value)).encode());
    } else {
      out.append(value);
    }
  }

  /** JavaScript's rendering of a number: {@code 3} for 3.0, {@code NaN}, {@code Infinity}. */
  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e21) {
      return new BigDecimal(value).toPlainString();
    }
    return Double.toString(value);
  }

  private static String duration(Duration duration) {
    BigDecimal seconds =
        BigDecimal.valueOf(duration.getSeconds())
            .add(BigDecimal.valueOf(duration.getNano(), 9))
            .stripTrailingZeros();
    return seconds.toPlainString() + "s";
  }

  /**
   * A plain value as a value Vert.x JSON accepts: maps and lists as {@link JsonObject} and {@link
   * JsonArray}, bytes in base64, timestamps and durations as text.
   */
  static Object json(Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.put(String.valueOf(k), json(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(element -> array.add(json(element)));
      return array;
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Duration duration) {
      return duration(duration);
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    if (value instanceof Double number && (number.isNaN() || number.isInfinite())) {
      return null;
    }
    return value;
  }
}
