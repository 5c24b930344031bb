package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Exchange;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a request to the authorization server: the query string, then the body as a
 * form ({@code application/x-www-form-urlencoded}) or JSON, as Express Gateway reads them. A
 * parameter given twice is refused (RFC 6749 section 3.1), reported by {@link #duplicate()}.
 */
final class Params {

  /** The largest body the server reads; token requests are a few hundred bytes. */
  static final long MAX_BODY = 64 * 1024;

  private final Map<String, String> values;
  private final String duplicate;

  private Params(Map<String, String> values, String duplicate) {
    this.values = values;
    this.duplicate = duplicate;
  }

  /** Reads the query and the body. */
  static Future<Params> read(Exchange exchange) {
    return exchange.bufferBody(MAX_BODY).map(body -> parse(exchange, body));
  }

  /** The query parameters alone (GET requests). */
  static Params query(Exchange exchange) {
    return parse(exchange, null);
  }

  private static Params parse(Exchange exchange, Buffer body) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] duplicate = {null};
    if (exchange.query() != null) {
      add(values, duplicate, new QueryStringDecoder(exchange.query(), false).parameters());
    }
    if (body != null && body.length() > 0) {
      String type = exchange.headers().get("content-type");
      String text = body.toString(StandardCharsets.UTF_8);
      if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        try {
          new JsonObject(text)
              .forEach(
                  entry -> {
                    if (entry.getValue() != null) {
                      put(values, duplicate, entry.getKey(), String.valueOf(entry.getValue()));
                    }
                  });
        } catch (DecodeException | ClassCastException e) {
          duplicate[0] = duplicate[0] == null ? "(body is not a JSON object)" : duplicate[0];
        }
      } else {
        add(
            values,
            duplicate,
            new QueryStringDecoder(text, StandardCharsets.UTF_8, false).parameters());
      }
    }
    return new Params(values, duplicate[0]);
  }

  private static void add(
      Map<String, String> values, String[] duplicate, Map<String, List<String>> decoded) {
    decoded.forEach(
        (name, list) -> {
          for (String value : list) {
            put(values, duplicate, name, value);
          }
        });
  }

  private static void put(
      Map<String, String> values, String[] duplicate, String name, String value) {
    if (values.putIfAbsent(name, value) != null && duplicate[0] == null) {
      duplicate[0] = name;
    }
  }

  /** A parameter, or null when absent or empty. */
  String get(String name) {
    String value = values.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The first parameter given more than once (or an unreadable body), or null. */
  String duplicate() {
    return duplicate;
  }
}
