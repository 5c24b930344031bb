package dev.gatehouse.core.policy;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} bodies: decoded to names in order, each with its values
 * ({@code a=1&a=2}), and encoded back with spaces as {@code %20}, as Node.js's querystring does.
 */
final class UrlEncodedForm {

  private UrlEncodedForm() {}

  /**
   * Decodes a form.
   *
   * @throws IllegalArgumentException when a percent escape is malformed
   */
  static Map<String, List<String>> decode(String text) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decodePart(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decodePart(pair.substring(equals + 1));
      form.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }
    return form;
  }

  static String encode(Map<String, List<String>> form) {
    StringBuilder out = new StringBuilder();
    form.forEach(
        (name, values) -> {
          for (String value : values) {
            if (out.length() > 0) {
              out.append('&');
            }
            out.append(encodePart(name)).append('=').append(encodePart(value));
          }
        });
    return out.toString();
  }

  private static String decodePart(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static String encodePart(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
