package dev.gatehouse.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The position of a value inside a configuration document, as a list of mapping keys and sequence
 * indices. Immutable.
 *
 * <p>It renders the way Express Gateway users read their YAML: keys joined by dots, indices in
 * brackets, and keys that would be ambiguous (containing a dot, a bracket, a quote or whitespace)
 * quoted in brackets. The root renders as the empty string.
 *
 * <pre>{@code
 * ConfigPath.root().child("pipelines").child("api").child("policies").index(1)
 *     .child("jwt").child("action");               // pipelines.api.policies[1].jwt.action
 * ConfigPath.root().child("apiEndpoints").child("my.api"); // apiEndpoints["my.api"]
 *
 * // a policy reports a path relative to its action; make it absolute:
 * ConfigPath actionPath = ConfigPath.parse("pipelines.api.policies[1].proxy[0].action");
 * actionPath.resolve(ConfigPath.parse("target.keyFile"));
 * }</pre>
 */
public final class ConfigPath {

  /** One step of a path: a mapping key or a sequence index. */
  public sealed interface Segment permits Key, Index {}

  /** A mapping key. */
  public record Key(String name) implements Segment {
    public Key {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A zero-based sequence index. */
  public record Index(int value) implements Segment {
    public Index {
      if (value < 0) {
        throw new IllegalArgumentException("index must not be negative: " + value);
      }
    }
  }

  private static final ConfigPath ROOT = new ConfigPath(List.of());

  /** Keys that render without quotes: no separators, quotes, brackets or whitespace. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[^.\\[\\]\"'\\\\\\s]+");

  private final List<Segment> segments;

  private ConfigPath(List<Segment> segments) {
    this.segments = segments;
  }

  /** The path of the document itself. */
  public static ConfigPath root() {
    return ROOT;
  }

  /** A path made of the given segments. */
  public static ConfigPath of(List<? extends Segment> segments) {
    return segments.isEmpty() ? ROOT : new ConfigPath(List.copyOf(segments));
  }

  /**
   * Parses a path in the rendered form, e.g. {@code target.keyFile}, {@code conditions[1].name} or
   * {@code apiEndpoints["my.api"].paths[0]}. The empty string is the root.
   *
   * @throws IllegalArgumentException if the text is not a path, naming the offending character
   */
  public static ConfigPath parse(String text) {
    return new PathParser(Objects.requireNonNull(text, "text")).parse();
  }

  /** This path followed by a mapping key. */
  public ConfigPath child(String key) {
    return append(new Key(key));
  }

  /** This path followed by a sequence index. */
  public ConfigPath index(int index) {
    return append(new Index(index));
  }

  /** This path followed by all segments of {@code relative}. */
  public ConfigPath resolve(ConfigPath relative) {
    if (relative.isRoot()) {
      return this;
    }
    if (isRoot()) {
      return relative;
    }
    List<Segment> joined = new ArrayList<>(segments.size() + relative.segments.size());
    joined.addAll(segments);
    joined.addAll(relative.segments);
    return new ConfigPath(List.copyOf(joined));
  }

  /**
   * The path without its last segment.
   *
   * @throws IllegalStateException for the root, which has no parent
   */
  public ConfigPath parent() {
    if (isRoot()) {
      throw new IllegalStateException("the root path has no parent");
    }
    return of(segments.subList(0, segments.size() - 1));
  }

  /** The segments from the root down; immutable. */
  public List<Segment> segments() {
    return segments;
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** Whether this path equals {@code prefix} or lies below it. */
  public boolean startsWith(ConfigPath prefix) {
    int n = prefix.segments.size();
    return n <= segments.size() && segments.subList(0, n).equals(prefix.segments);
  }

  private ConfigPath append(Segment segment) {
    List<Segment> longer = new ArrayList<>(segments.size() + 1);
    longer.addAll(segments);
    longer.add(segment);
    return new ConfigPath(List.copyOf(longer));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConfigPath path && path.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** The EG/YAML rendering, e.g. {@code pipelines.api.policies[1].jwt.action}; root is empty. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      if (segment instanceof Index index) {
        out.append('[').append(index.value()).append(']');
      } else {
        String name = ((Key) segment).name();
        if (PLAIN_KEY.matcher(name).matches()) {
          if (out.length() > 0) {
            out.append('.');
          }
          out.append(name);
        } else {
          out.append('[');
          appendQuoted(out, name);
          out.append(']');
        }
      }
    }
    return out.toString();
  }

  private static void appendQuoted(StringBuilder out, String name) {
    out.append('"');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Reads the rendered form back; the inverse of {@link #toString()}. */
  private static final class PathParser {
    private final String text;
    private final List<Segment> segments = new ArrayList<>();
    private int pos;

    PathParser(String text) {
      this.text = text;
    }

    ConfigPath parse() {
      if (!text.isEmpty() && text.charAt(0) != '[') {
        segments.add(new Key(plainKey()));
      }
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          pos++;
          segments.add(new Key(plainKey()));
        } else if (c == '[') {
          pos++;
          segments.add(bracketed());
        } else {
          throw error("expected '.' or '['");
        }
      }
      return of(segments);
    }

    private String plainKey() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
        pos++;
      }
      if (pos == start) {
        throw error("expected a key");
      }
      return text.substring(start, pos);
    }

    private Segment bracketed() {
      Segment segment;
      if (pos < text.length() && text.charAt(pos) == '"') {
        pos++;
        segment = new Key(quotedKey());
      } else {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == start) {
          throw error("expected an index or a quoted key");
        }
        try {
          segment = new Index(Integer.parseInt(text.substring(start, pos)));
        } catch (NumberFormatException e) {
          throw error("index too large");
        }
      }
      if (pos >= text.length() || text.charAt(pos) != ']') {
        throw error("expected ']'");
      }
      pos++;
      return segment;
    }

    private String quotedKey() {
      StringBuilder key = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return key.toString();
        }
        if (c != '\\') {
          key.append(c);
          continue;
        }
        if (pos >= text.length()) {
          break;
        }
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case 'n' -> key.append('\n');
          case 'r' -> key.append('\r');
          case 't' -> key.append('\t');
          case 'u' -> key.append(unicodeEscape());
          default -> key.append(escaped);
        }
      }
      throw error("unterminated quoted key");
    }

    private char unicodeEscape() {
      if (pos + 4 > text.length()) {
        throw error("incomplete \\u escape");
      }
      try {
        char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
        pos += 4;
        return c;
      } catch (NumberFormatException e) {
        throw error("invalid \\u escape");
      }
    }

    private IllegalArgumentException error(String problem) {
      return new IllegalArgumentException(
          "invalid config path '" + text + "' at character " + (pos + 1) + ": " + problem);
    }
  }
}
