package dev.gatehouse.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code application/x-www-form-urlencoded} body into a JSON object as Express Gateway's
 * body parser ({@code express.urlencoded({extended: true})}, the {@code qs} library) does: values
 * are strings, a repeated name makes a list, and brackets nest, up to five levels.
 *
 * <pre>{@code
 * name=Ada&tags=a&tags=b     {"name":"Ada","tags":["a","b"]}
 * user[name]=Ada&ids[]=1     {"user":{"name":"Ada"},"ids":["1"]}
 * items[1]=b&items[0]=a      {"items":["a","b"]}
 * }</pre>
 *
 * <p>Indexes above 20 are names, as in {@code qs}, so a request cannot make a huge list. A body of
 * more than 1000 fields is refused, as the body parser refuses it.
 */
final class UrlEncodedForm {

  private static final int MAX_FIELDS = 1000;
  private static final int MAX_DEPTH = 5;
  private static final int MAX_INDEX = 20;
  private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");

  private UrlEncodedForm() {}

  /** The form as an object, or empty when it has too many fields. */
  static Optional<JsonNode> parse(String body, Charset charset) {
    Group root = new Group();
    if (body.isEmpty()) {
      return Optional.of(root.toJson());
    }
    String[] fields = body.split("&", -1);
    if (fields.length > MAX_FIELDS) {
      return Optional.empty();
    }
    for (String field : fields) {
      if (field.isEmpty()) {
        continue;
      }
      // As qs: "a[b]=c" splits at "]=", so that a "=" inside the brackets stays in the name.
      int bracketEquals = field.indexOf("]=");
      int equals = bracketEquals >= 0 ? bracketEquals + 1 : field.indexOf('=');
      String name = decode(equals < 0 ? field : field.substring(0, equals), charset);
      String value = equals < 0 ? "" : decode(field.substring(equals + 1), charset);
      if (!name.isEmpty()) {
        root.put(keys(name), 0, value);
      }
    }
    return Optional.of(root.toJson());
  }

  /** {@code a[b][]} as {@code [a, b, ""]}: the name, then each bracket's content. */
  private static List<String> keys(String name) {
    List<String> keys = new ArrayList<>();
    Matcher bracket = BRACKETS.matcher(name);
    boolean nested = bracket.find();
    String parent = nested ? name.substring(0, bracket.start()) : name;
    if (!parent.isEmpty() || !nested) {
      keys.add(parent);
    }
    int end = nested ? bracket.start() : name.length();
    int depth = 0;
    while (nested && depth < MAX_DEPTH) {
      keys.add(bracket.group().substring(1, bracket.group().length() - 1));
      end = bracket.end();
      depth++;
      nested = bracket.find();
    }
    if (nested) {
      // Deeper brackets stay together, as one name.
      keys.add(name.substring(end));
    }
    return keys;
  }

  private static String decode(String text, Charset charset) {
    try {
      return URLDecoder.decode(text, charset);
    } catch (IllegalArgumentException e) {
      return text.replace('+', ' ');
    }
  }

  /** A list index (0 to 20), or -1 for a name. */
  private static int index(String key) {
    if (key.isEmpty() || key.length() > 2 || !key.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int index = Integer.parseInt(key);
    return index <= MAX_INDEX && String.valueOf(index).equals(key) ? index : -1;
  }

  /** What a name holds while the form is read: strings, a list or an object. */
  private sealed interface Entry permits Text, Group, Items {
    JsonNode toJson();
  }

  private record Text(List<String> values) implements Entry {
    @Override
    public JsonNode toJson() {
      if (values.size() == 1) {
        return JsonNodeFactory.instance.textNode(values.get(0));
      }
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      values.forEach(array::add);
      return array;
    }
  }

  /** An object: names in the order they first appeared. */
  private static final class Group implements Entry {
    private final Map<String, Entry> members = new LinkedHashMap<>();

    void put(List<String> keys, int at, String value) {
      String key = keys.get(at);
      Entry existing = members.get(key);
      if (at == keys.size() - 1) {
        if (existing == null) {
          members.put(key, new Text(new ArrayList<>(List.of(value))));
        } else if (existing instanceof Text text) {
          text.values().add(value);
        } else if (existing instanceof Items items) {
          items.append(value);
        }
        return;
      }
      Entry child = existing == null ? container(keys.get(at + 1)) : existing;
      members.put(key, descend(child, keys, at + 1, value));
    }

    @Override
    public JsonNode toJson() {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      members.forEach((key, entry) -> object.set(key, entry.toJson()));
      return object;
    }
  }

  /** A list built from {@code []} and small indexes, in index order. */
  private static final class Items implements Entry {
    private final TreeMap<Integer, Entry> items = new TreeMap<>();

    void append(String value) {
      items.put(next(), new Text(new ArrayList<>(List.of(value))));
    }

    void put(List<String> keys, int at, String value) {
      String key = keys.get(at);
      int index = key.isEmpty() ? next() : index(key);
      Entry existing = items.get(index);
      if (at == keys.size() - 1) {
        items.put(existing == null ? index : next(), new Text(new ArrayList<>(List.of(value))));
        return;
      }
      Entry child = existing == null ? container(keys.get(at + 1)) : existing;
      items.put(index, descend(child, keys, at + 1, value));
    }

    /** The same entries as an object with the indexes as names, for a name that is not one. */
    Group toGroup() {
      Group group = new Group();
      items.forEach((index, entry) -> group.members.put(String.valueOf(index), entry));
      return group;
    }

    private int next() {
      return items.isEmpty() ? 0 : items.lastKey() + 1;
    }

    @Override
    public JsonNode toJson() {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      items.values().forEach(entry -> array.add(entry.toJson()));
      return array;
    }
  }

  /** An empty container for {@code key}: a list for {@code []} or an index, else an object. */
  private static Entry container(String key) {
    return key.isEmpty() || index(key) >= 0 ? new Items() : new Group();
  }

  /**
   * Puts the value below {@code child} and returns the entry that holds it: a list addressed by a
   * name becomes an object, and a plain value addressed by brackets is replaced.
   */
  private static Entry descend(Entry child, List<String> keys, int at, String value) {
    String key = keys.get(at);
    Entry target = child;
    if (target instanceof Items items && !key.isEmpty() && index(key) < 0) {
      target = items.toGroup();
    } else if (target instanceof Text) {
      target = container(key);
    }
    if (target instanceof Items items) {
      items.put(keys, at, value);
    } else {
      ((Group) target).put(keys, at, value);
    }
    return target;
  }
}
