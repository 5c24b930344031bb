package dev.gatehouse.core.expression;

import io.vertx.core.MultiMap;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code req.headers} as Node.js shows them: lower-case names, repeated headers joined with {@code
 * ", "} ({@code cookie} with {@code "; "}). A live view of the exchange's headers; a name with an
 * upper-case letter is never present, as in Node.js.
 */
final class HeadersView extends AbstractMap<String, Object> {

  private final MultiMap headers;

  HeadersView(MultiMap headers) {
    this.headers = headers;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String name) || !isLowerCase(name)) {
      return null;
    }
    List<String> values = headers.getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(separator(name), values);
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String name && isLowerCase(name) && headers.contains(name);
  }

  @Override
  public int size() {
    return entrySet().size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      all.putIfAbsent(lower, get(lower));
    }
    return Collections.unmodifiableMap(all).entrySet();
  }

  private static String separator(String name) {
    return name.equals("cookie") ? "; " : ", ";
  }

  static boolean isLowerCase(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return false;
      }
    }
    return true;
  }
}
