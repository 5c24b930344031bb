package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed configuration file: its JSON tree and where each value was written, so that any later
 * stage (normalising, schema validation, binding, policy creation) can name the file, line and
 * column of a problem.
 *
 * <p>Positions are remembered per container (by identity) and key or index, never per scalar node:
 * Jackson shares small numbers and booleans between places. A stage that mutates the tree keeps
 * positions right with two calls:
 *
 * <ul>
 *   <li>{@link #relocate} after renaming a key, e.g. the alias {@code apiEndpoint} to {@code
 *       apiEndpoints};
 *   <li>{@link #adopt} after putting a new container where another one was: a copy, a rebuilt
 *       object, or a wrapper around the original (such as {@code policies: {a: {}}} becoming {@code
 *       [{a: {}}]}).
 * </ul>
 *
 * <p>Nothing else is needed when a scalar is wrapped ({@code paths: /x} becoming {@code ["/x"]}) or
 * a container is moved without copying: {@link #locate} falls back to the nearest located ancestor
 * and recognises containers wherever they end up.
 *
 * <pre>{@code
 * ConfigDocument doc = YamlReader.read(Path.of("gateway.config.yml"), System.getenv());
 * ObjectNode root = doc.root();
 * if (root.has("apiEndpoint")) {
 *   root.set("apiEndpoints", root.remove("apiEndpoint"));
 *   doc.relocate(root, "apiEndpoint", "apiEndpoints");
 * }
 * ObjectNode steps = (ObjectNode) pipeline.get("policies");
 * ArrayNode wrapped = pipeline.putArray("policies").add(steps);
 * doc.adopt(wrapped, steps);
 * doc.locate(ConfigPath.parse("pipelines.api.policies[0].proxy")); // still the original line
 * }</pre>
 *
 * <p>Not thread-safe: a document belongs to the thread that loads it. Once loading is over it is
 * only read.
 */
public final class ConfigDocument {

  private final String fileName;
  private final ObjectNode root;
  private final List<ConfigError> warnings;

  /** For each container, where each of its keys (or elements) was written. */
  private final Map<JsonNode, Map<Object, SourceLocation>> members = new IdentityHashMap<>();

  /** For each container, where its value starts. */
  private final Map<JsonNode, SourceLocation> containers = new IdentityHashMap<>();

  ConfigDocument(String fileName, ObjectNode root, List<ConfigError> warnings) {
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.root = Objects.requireNonNull(root, "root");
    this.warnings = List.copyOf(warnings);
  }

  /** The file's name as the operator knows it, e.g. {@code gateway.config.yml}. */
  public String fileName() {
    return fileName;
  }

  /** The configuration; stages may mutate it (see the class comment to keep positions right). */
  public ObjectNode root() {
    return root;
  }

  /**
   * Problems that did not stop loading, e.g. an unset environment variable substituted with {@code
   * null}; the caller logs them.
   */
  public List<ConfigError> warnings() {
    return warnings;
  }

  /**
   * Where the value at {@code path} was written: the position of its key in a mapping or of the
   * element in a sequence. When that exact place is unknown (the value was added by a default, or
   * the path goes beyond the tree) it is the nearest located ancestor's; for the root, line 1.
   * Never null.
   */
  public SourceLocation locate(ConfigPath path) {
    SourceLocation best = new SourceLocation(fileName, 1, 1);
    JsonNode node = root;
    for (ConfigPath.Segment segment : path.segments()) {
      JsonNode child = child(node, segment);
      SourceLocation found = locateChild(node, segment, child);
      if (found != null) {
        best = found;
      }
      if (child == null) {
        break;
      }
      node = child;
    }
    return best;
  }

  /** Builds a {@link ConfigError} located at {@code path}. */
  public ConfigError error(ConfigPath path, String message) {
    return ConfigError.of(locate(path), path, message);
  }

  /**
   * Records that the key {@code fromKey} of {@code container} is now called {@code toKey}, so the
   * renamed key still locates to the text of the original. Call it after renaming in the tree.
   */
  public void relocate(ObjectNode container, String fromKey, String toKey) {
    Map<Object, SourceLocation> keys = members.get(container);
    if (keys != null && keys.containsKey(fromKey)) {
      keys.put(toKey, keys.remove(fromKey));
    }
  }

  /**
   * Records that {@code replacement} now stands where {@code original} was written: it locates to
   * the original's text, and so do its keys and elements that the original also had (recursively,
   * so a deep copy keeps every position). Positions the replacement already has are kept.
   *
   * <pre>{@code
   * ObjectNode copy = original.deepCopy();   // or a rebuilt object with the same keys
   * parent.set("action", copy);
   * doc.adopt(copy, original);
   *
   * ArrayNode wrapper = JsonNodeFactory.instance.arrayNode().add(original);
   * parent.set("policies", wrapper);
   * doc.adopt(wrapper, original);             // policies[0] and below keep their lines
   * }</pre>
   */
  public void adopt(JsonNode replacement, JsonNode original) {
    if (replacement == original || !replacement.isContainerNode()) {
      return;
    }
    SourceLocation own = containers.get(original);
    if (own != null) {
      containers.putIfAbsent(replacement, own);
    }
    Map<Object, SourceLocation> originalMembers = members.get(original);
    if (originalMembers == null || replacement.getNodeType() != original.getNodeType()) {
      return;
    }
    Map<Object, SourceLocation> replacementMembers =
        members.computeIfAbsent(replacement, k -> new HashMap<>());
    for (Map.Entry<Object, SourceLocation> member : originalMembers.entrySet()) {
      JsonNode replacementChild = member(replacement, member.getKey());
      if (replacementChild == null) {
        continue;
      }
      replacementMembers.putIfAbsent(member.getKey(), member.getValue());
      JsonNode originalChild = member(original, member.getKey());
      if (originalChild != null && originalChild.isContainerNode()) {
        adopt(replacementChild, originalChild);
      }
    }
  }

  void recordMember(JsonNode container, Object keyOrIndex, SourceLocation location) {
    members.computeIfAbsent(container, k -> new HashMap<>()).put(keyOrIndex, location);
  }

  void recordContainer(JsonNode container, SourceLocation location) {
    containers.put(container, location);
  }

  /** Moves what is known of {@code from}'s member to {@code to}'s, e.g. for merged keys. */
  void copyMember(JsonNode from, Object fromKey, JsonNode to, Object toKey) {
    Map<Object, SourceLocation> fromMembers = members.get(from);
    SourceLocation location = fromMembers == null ? null : fromMembers.get(fromKey);
    if (location != null) {
      recordMember(to, toKey, location);
    }
  }

  private SourceLocation locateChild(JsonNode node, ConfigPath.Segment segment, JsonNode child) {
    SourceLocation member = memberLocation(node, segment);
    SourceLocation ownLocation = child == null ? null : containers.get(child);
    // Sequence elements may have moved (a normaliser inserted or removed one); the element
    // container's own position follows it, the index-keyed one does not.
    if (segment instanceof ConfigPath.Index) {
      return ownLocation != null ? ownLocation : member;
    }
    return member != null ? member : ownLocation;
  }

  private SourceLocation memberLocation(JsonNode node, ConfigPath.Segment segment) {
    Map<Object, SourceLocation> known = members.get(node);
    return known == null ? null : known.get(keyOf(segment));
  }

  private static Object keyOf(ConfigPath.Segment segment) {
    return segment instanceof ConfigPath.Key key
        ? key.name()
        : ((ConfigPath.Index) segment).value();
  }

  private static JsonNode child(JsonNode node, ConfigPath.Segment segment) {
    return member(node, keyOf(segment));
  }

  private static JsonNode member(JsonNode node, Object keyOrIndex) {
    if (keyOrIndex instanceof String key) {
      return node.isObject() ? node.get(key) : null;
    }
    return node.isArray() ? node.get((Integer) keyOrIndex) : null;
  }
}
