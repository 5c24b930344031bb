package dev.gatehouse.core.expression;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only map with a fixed set of keys whose values are computed on first access, so that an
 * expression reading {@code req.method} does not pay for {@code req.headers} or {@code req.query}.
 * Values must be CEL values (never Java {@code null}). Confined to one evaluation.
 */
final class LazyMap extends AbstractMap<String, Object> {

  private final List<String> keys;
  private final Function<String, Object> compute;
  private final Object[] values;

  /**
   * @param keys the keys, in the order iteration shows them
   * @param compute the value of a key, called at most once per key
   */
  LazyMap(List<String> keys, Function<String, Object> compute) {
    this.keys = keys;
    this.compute = compute;
    this.values = new Object[keys.size()];
  }

  @Override
  public Object get(Object key) {
    int index = keys.indexOf(key);
    if (index < 0) {
      return null;
    }
    Object value = values[index];
    if (value == null) {
      value = compute.apply(keys.get(index));
      values[index] = value;
    }
    return value;
  }

  @Override
  public boolean containsKey(Object key) {
    return keys.contains(key);
  }

  @Override
  public int size() {
    return keys.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> all = new LinkedHashMap<>(keys.size() * 2);
    for (String key : keys) {
      all.put(key, get(key));
    }
    return Collections.unmodifiableMap(all).entrySet();
  }
}
