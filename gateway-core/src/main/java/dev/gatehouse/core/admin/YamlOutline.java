package dev.gatehouse.core.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Where each value of a YAML (or JSON) configuration text is written: a tree of mappings,
 * sequences, scalars and aliases, each with the character offsets of its text, built from
 * SnakeYAML's parser events. Aliases stay aliases (they are not expanded), so every offset points
 * at text written in that place.
 *
 * <p>Environment placeholders ({@code ${NAME}}, {@code ${NAME:-default}}, {@code $${NAME}}) are
 * read as if they were plain text of the same length: the file keeps them, and the outline only
 * needs to know where things are. For the same reason a JSON document's tabs and {@code \/}
 * escapes, which YAML 1.1 refuses, are read as equivalent text of the same length.
 */
final class YamlOutline {

  /** Any node: its text runs from {@code start} to {@code end} (trailing white space excluded). */
  sealed interface Node permits Scalar, Alias, Mapping, Sequence {
    int start();

    int end();
  }

  /**
   * A scalar.
   *
   * @param value its text value
   * @param plain written without quotes or block indicators
   */
  record Scalar(int start, int end, String value, boolean plain) implements Node {

    /** An empty, {@code ~} or {@code null} plain scalar: no value at all. */
    boolean isNull() {
      return plain
          && (value.isEmpty()
              || value.equals("~")
              || value.equals("null")
              || value.equals("Null")
              || value.equals("NULL"));
    }
  }

  record Alias(int start, int end) implements Node {}

  /** A key and its value in a mapping. */
  record Entry(Node key, Node value) {

    /** The key's text, or null for a key that is not a scalar. */
    String keyText() {
      return key instanceof Scalar scalar ? scalar.value() : null;
    }
  }

  record Mapping(int start, int end, boolean flow, List<Entry> entries) implements Node {

    /** The entry whose key is {@code key}, or null. */
    Entry entry(String key) {
      for (Entry entry : entries) {
        if (key.equals(entry.keyText())) {
          return entry;
        }
      }
      return null;
    }
  }

  record Sequence(int start, int end, boolean flow, List<Node> items) implements Node {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\$\\{[A-Za-z0-9_]+(:-.*?)?\\}");

  private static final int MAX_DEPTH = 200;

  private final String text;
  private final boolean wide;
  private final Parser parser;

  private YamlOutline(String text) {
    this.text = text;
    this.wide = text.codePointCount(0, text.length()) != text.length();
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    this.parser = new ParserImpl(new StreamReader(readable(text)), options);
  }

  /**
   * The outline of {@code text}: its root node, or null for a document holding nothing.
   *
   * @throws YAMLException if the text is not one YAML document
   */
  static Node parse(String text) {
    return new YamlOutline(text).document();
  }

  /**
   * {@code text} with each environment placeholder replaced by as many {@code x} characters (line
   * breaks kept), so that text and placeholders read as plain scalars of the same length.
   */
  static String maskPlaceholders(String text) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = null;
    while (matcher.find()) {
      if (out == null) {
        out = new StringBuilder(text);
      }
      for (int i = matcher.start(); i < matcher.end(); i++) {
        char c = text.charAt(i);
        if (c != '\n' && c != '\r') {
          out.setCharAt(i, 'x');
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * The text SnakeYAML reads: placeholders masked and, in a document whose root is a flow
   * collection (every JSON file), tabs outside quotes as spaces and {@code \/} as {@code \\}. Every
   * character stays where it was.
   */
  private static String readable(String text) {
    String masked = maskPlaceholders(text);
    String trimmed = masked.stripLeading();
    if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
      return masked;
    }
    StringBuilder out = new StringBuilder(masked);
    char quote = 0;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (quote == '"' && c == '\\' && i + 1 < out.length()) {
        if (out.charAt(i + 1) == '/') {
          out.setCharAt(i + 1, '\\');
        }
        i++;
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '\t') {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }

  private Node document() {
    expect(Event.ID.StreamStart);
    if (parser.checkEvent(Event.ID.StreamEnd)) {
      return null;
    }
    expect(Event.ID.DocumentStart);
    Node root = node(0);
    expect(Event.ID.DocumentEnd);
    if (!parser.checkEvent(Event.ID.StreamEnd)) {
      throw new YAMLException("the file holds more than one YAML document");
    }
    return root instanceof Scalar scalar && scalar.isNull() ? null : root;
  }

  private Node node(int depth) {
    if (depth > MAX_DEPTH) {
      throw new YAMLException("the file nests deeper than " + MAX_DEPTH + " levels");
    }
    Event event = parser.getEvent();
    if (event instanceof ScalarEvent scalar) {
      int start = offset(scalar.getStartMark());
      return new Scalar(
          start,
          trimmedEnd(start, offset(scalar.getEndMark())),
          scalar.getValue(),
          scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN);
    }
    if (event instanceof AliasEvent alias) {
      return new Alias(offset(alias.getStartMark()), offset(alias.getEndMark()));
    }
    if (event instanceof MappingStartEvent mapping) {
      return mapping(mapping, depth);
    }
    if (event instanceof SequenceStartEvent sequence) {
      return sequence(sequence, depth);
    }
    throw new YAMLException("unexpected " + event);
  }

  private Mapping mapping(MappingStartEvent startEvent, int depth) {
    List<Entry> entries = new ArrayList<>();
    while (!parser.checkEvent(Event.ID.MappingEnd)) {
      Node key = node(depth + 1);
      entries.add(new Entry(key, node(depth + 1)));
    }
    Event endEvent = parser.getEvent();
    int start = offset(startEvent.getStartMark());
    int end = entries.isEmpty() ? start : entries.get(entries.size() - 1).value().end();
    return new Mapping(start, end(startEvent, endEvent, end), isFlow(startEvent), entries);
  }

  private Sequence sequence(SequenceStartEvent startEvent, int depth) {
    List<Node> items = new ArrayList<>();
    while (!parser.checkEvent(Event.ID.SequenceEnd)) {
      items.add(node(depth + 1));
    }
    Event endEvent = parser.getEvent();
    int start = offset(startEvent.getStartMark());
    int end = items.isEmpty() ? start : items.get(items.size() - 1).end();
    return new Sequence(start, end(startEvent, endEvent, end), isFlow(startEvent), items);
  }

  /** A flow collection ends after its closing bracket; a block one with its last value. */
  private int end(CollectionStartEvent start, Event end, int lastValueEnd) {
    return isFlow(start) ? offset(end.getEndMark()) : lastValueEnd;
  }

  private static boolean isFlow(CollectionStartEvent event) {
    return event.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
  }

  private void expect(Event.ID id) {
    Event event = parser.getEvent();
    if (!event.is(id)) {
      throw new YAMLException("expected " + id + ", found " + event);
    }
  }

  /** Block scalars end after the line breaks that follow them; their text ends before. */
  private int trimmedEnd(int start, int end) {
    int trimmed = end;
    while (trimmed > start && Character.isWhitespace(text.charAt(trimmed - 1))) {
      trimmed--;
    }
    return trimmed;
  }

  /** SnakeYAML counts code points; Java strings count UTF-16 characters. */
  private int offset(Mark mark) {
    int index = mark.getIndex();
    return wide ? text.offsetByCodePoints(0, index) : index;
  }
}
