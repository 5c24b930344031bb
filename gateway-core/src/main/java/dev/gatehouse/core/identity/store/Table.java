package dev.gatehouse.core.identity.store;

import java.util.List;
import java.util.Map;

/**
 * One sorted map of a store: text keys, text values, iterated in key order. Used only on the
 * store's worker thread; changes become durable when the store commits.
 */
interface Table {

  String get(String key);

  default boolean contains(String key) {
    return get(key) != null;
  }

  void put(String key, String value);

  void remove(String key);

  /** The entries whose keys start with {@code prefix}, in key order. */
  List<Map.Entry<String, String>> withPrefix(String prefix);

  /** At most {@code limit} entries from {@code from} (inclusive), in key order. */
  List<Map.Entry<String, String>> from(String from, int limit);

  /** Every value, in key order. */
  List<String> values();
}
