package dev.gatehouse.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gatehouse.core.admin.YamlOutline.Alias;
import dev.gatehouse.core.admin.YamlOutline.Entry;
import dev.gatehouse.core.admin.YamlOutline.Mapping;
import dev.gatehouse.core.admin.YamlOutline.Node;
import dev.gatehouse.core.admin.YamlOutline.Scalar;
import dev.gatehouse.core.admin.YamlOutline.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Applies a {@link ConfigChange} to the text of {@code gateway.config.yml} by rewriting only the
 * text of the entry it affects, so every comment, blank line, quote and indentation elsewhere stays
 * byte for byte.
 *
 * <ul>
 *   <li>In block style, an entry's text runs from its key to the end of its last line (a comment
 *       ending that line belongs to it); lines before and after it are never touched. A new entry
 *       goes on the line after the section's last entry, at the same indentation. Removing a
 *       section's only entry leaves {@code {}} (or {@code []}), so the section stays a map.
 *   <li>In flow style ({@code {a: 1, b: 2}}, and everywhere in a JSON file) entries are separated
 *       by commas, which are added and removed with them; a JSON file stays JSON.
 *   <li>A missing section is added after the last top-level entry.
 * </ul>
 *
 * <p>The text is read with {@link YamlOutline}; the caller checks the result by parsing it again.
 */
final class ConfigTextEditor {

  /** What a change did. */
  enum Outcome {
    CREATED,
    REPLACED,
    REMOVED,
    /** The whitelist already had the policy: nothing to write. */
    UNCHANGED,
    /** The entry to remove is not in the file. */
    ABSENT
  }

  /**
   * @param text the new text (the original when nothing changed)
   */
  record Edit(String text, Outcome outcome) {}

  private final String text;
  private final Node root;
  private final boolean jsonFile;
  private final EntryText render;

  /**
   * @param text the file's text, placeholders unsubstituted
   * @param jsonFile whether the file is JSON
   * @param jsonValues write new YAML block values as JSON (see {@link EntryText})
   * @throws org.yaml.snakeyaml.error.YAMLException if the text is not one YAML document
   */
  ConfigTextEditor(String text, boolean jsonFile, boolean jsonValues) {
    this.text = text;
    this.root = YamlOutline.parse(text);
    this.jsonFile = jsonFile;
    this.render = new EntryText(text.contains("\r\n") ? "\r\n" : "\n", jsonFile, jsonValues);
  }

  Edit apply(ConfigChange change) {
    ConfigSection section = change.section();
    if (root == null) {
      return change.removes() ? same(Outcome.ABSENT) : created(emptyFile(change));
    }
    if (!(root instanceof Mapping top)) {
      throw AdminProblem.conflict(
          "config.file_invalid", "the configuration file is not a mapping of sections");
    }
    Entry entry = top.entry(section.key());
    if (entry == null && section.alias() != null) {
      entry = top.entry(section.alias());
    }
    if (entry == null) {
      return change.removes()
          ? same(Outcome.ABSENT)
          : created(insertEntry(top, section.key(), newSection(change)));
    }
    Node value = entry.value();
    if (value instanceof Scalar scalar && scalar.isNull()) {
      return change.removes()
          ? same(Outcome.ABSENT)
          : created(replaceEntry(top, entry, entry.keyText(), newSection(change)));
    }
    if (section.isList() && value instanceof Sequence list) {
      return editList(list, change);
    }
    if (!section.isList() && value instanceof Mapping map) {
      return editMap(map, change);
    }
    throw AdminProblem.conflict(
        "config.unsupported_layout",
        "'"
            + entry.keyText()
            + "' is written "
            + (value instanceof Alias ? "as an alias" : "in a form the Admin API does not edit")
            + " (expected "
            + (section.isList() ? "a list" : "a map of names")
            + "); edit the file by hand");
  }

  private Edit editMap(Mapping map, ConfigChange change) {
    Entry existing = map.entry(change.name());
    if (change.removes()) {
      if (existing != null) {
        return new Edit(removeEntry(map, existing), Outcome.REMOVED);
      }
      if (map.entry("<<") != null) {
        throw AdminProblem.conflict(
            "config.unsupported_layout",
            "'"
                + change.name()
                + "' may come from a YAML merge key (<<); edit the file by hand to remove it");
      }
      return same(Outcome.ABSENT);
    }
    if (existing == null) {
      return created(insertEntry(map, change.name(), change.value()));
    }
    return new Edit(replaceEntry(map, existing, change.name(), change.value()), Outcome.REPLACED);
  }

  private Edit editList(Sequence list, ConfigChange change) {
    int index = -1;
    for (int i = 0; i < list.items().size() && index < 0; i++) {
      if (list.items().get(i) instanceof Scalar item && item.value().equals(change.name())) {
        index = i;
      }
    }
    if (change.removes()) {
      return index < 0 ? same(Outcome.ABSENT) : new Edit(removeItem(list, index), Outcome.REMOVED);
    }
    return index >= 0 ? same(Outcome.UNCHANGED) : created(insertItem(list, change.name()));
  }

  /** The value of a section that does not exist yet: the change's entry alone. */
  private static JsonNode newSection(ConfigChange change) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (change.section().isList()) {
      return nodes.arrayNode().add(change.name());
    }
    return nodes.objectNode().set(change.name(), change.value());
  }

  private String emptyFile(ConfigChange change) {
    String key = change.section().key();
    if (jsonFile) {
      return render.jsonDocument(key, newSection(change));
    }
    String separator = text.isEmpty() || text.endsWith("\n") ? "" : render.newline();
    return text + separator + render.blockEntry(key, newSection(change), 0) + render.newline();
  }

  private String insertEntry(Mapping map, String key, JsonNode value) {
    if (map.flow()) {
      return insertFlow(map, spans(map), indent -> render.flowEntry(key, value, indent));
    }
    Entry last = map.entries().get(map.entries().size() - 1);
    int column = column(map.entries().get(0).key().start());
    int at = lineEnd(last.value().end());
    return splice(
        at, at, render.newline() + " ".repeat(column) + render.blockEntry(key, value, column));
  }

  private String replaceEntry(Mapping map, Entry entry, String key, JsonNode value) {
    int start = entry.key().start();
    if (map.flow()) {
      return splice(start, entry.value().end(), render.flowEntry(key, value, column(start)));
    }
    return splice(start, blockEnd(entry.value()), render.blockEntry(key, value, column(start)));
  }

  private String removeEntry(Mapping map, Entry entry) {
    if (map.flow()) {
      return removeFlow(map, spans(map), map.entries().indexOf(entry));
    }
    if (map.entries().size() == 1) {
      return splice(entry.key().start(), blockEnd(entry.value()), "{}");
    }
    return removeLines(entry.key().start(), entry.value().end());
  }

  private String insertItem(Sequence list, String name) {
    if (list.flow()) {
      return insertFlow(list, spans(list), indent -> render.flowItem(name));
    }
    Node last = list.items().get(list.items().size() - 1);
    int column = column(dashBefore(last));
    int at = lineEnd(last.end());
    return splice(at, at, render.newline() + " ".repeat(column) + render.blockItem(name));
  }

  private String removeItem(Sequence list, int index) {
    if (list.flow()) {
      return removeFlow(list, spans(list), index);
    }
    Node item = list.items().get(index);
    if (list.items().size() == 1) {
      return splice(dashBefore(item), blockEnd(item), "[]");
    }
    return removeLines(dashBefore(item), item.end());
  }

  /**
   * Adds a member to a flow collection: after the last one, on a line of its own when the members
   * are on lines of their own; in an empty JSON collection on a new line.
   */
  private String insertFlow(Node collection, List<int[]> members, IntFunction<String> member) {
    int close = collection.end() - 1;
    int open = openingBracket(collection);
    String newline = render.newline();
    if (members.isEmpty()) {
      if (!jsonFile) {
        return splice(close, close, member.apply(0));
      }
      int base = lineIndent(open);
      String inside = newline + " ".repeat(base + 2) + member.apply(base + 2);
      return splice(open + 1, close, inside + newline + " ".repeat(base));
    }
    int[] last = members.get(members.size() - 1);
    boolean ownLines = lineStart(last[0]) != lineStart(open);
    int column = ownLines ? column(last[0]) : 0;
    String separator = ownLines ? "," + newline + " ".repeat(column) : ", ";
    return splice(last[1], last[1], separator + member.apply(column));
  }

  /** Removes a member of a flow collection with the comma that separates it from a neighbour. */
  private String removeFlow(Node collection, List<int[]> members, int index) {
    if (members.size() == 1) {
      return splice(openingBracket(collection) + 1, collection.end() - 1, "");
    }
    if (index + 1 < members.size()) {
      return splice(members.get(index)[0], members.get(index + 1)[0], "");
    }
    return splice(members.get(index - 1)[1], members.get(index)[1], "");
  }

  /** Removes whole lines, from the one {@code start} is on to the one {@code end} is on. */
  private String removeLines(int start, int end) {
    int from = lineStart(start);
    if (!text.substring(from, start).isBlank()) {
      throw AdminProblem.conflict(
          "config.unsupported_layout",
          "an entry shares its line with other text; edit the file by hand");
    }
    return splice(from, afterLineBreak(lineEnd(end)), "");
  }

  private static List<int[]> spans(Mapping map) {
    List<int[]> spans = new ArrayList<>();
    for (Entry entry : map.entries()) {
      spans.add(new int[] {entry.key().start(), entry.value().end()});
    }
    return spans;
  }

  private static List<int[]> spans(Sequence list) {
    List<int[]> spans = new ArrayList<>();
    for (Node item : list.items()) {
      spans.add(new int[] {item.start(), item.end()});
    }
    return spans;
  }

  /** Where a block value's text ends: with a comment that ends its line. */
  private int blockEnd(Node value) {
    int end = value.end();
    int i = end;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    boolean commentOrEnd = i >= text.length() || text.charAt(i) == '#' || isLineBreak(i);
    return commentOrEnd ? lineEnd(end) : end;
  }

  /** The dash of a block sequence item. */
  private int dashBefore(Node item) {
    int i = item.start() - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i--;
    }
    if (i < 0 || text.charAt(i) != '-') {
      throw AdminProblem.conflict(
          "config.unsupported_layout",
          "a list item is written in a way the Admin API does not edit");
    }
    return i;
  }

  private int openingBracket(Node collection) {
    char bracket = collection instanceof Mapping ? '{' : '[';
    return text.indexOf(bracket, collection.start());
  }

  private int lineStart(int offset) {
    int i = offset;
    while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
      i--;
    }
    return i;
  }

  /** The offset of the line break ending the line {@code offset} is on (or the text's end). */
  private int lineEnd(int offset) {
    int i = offset;
    while (i < text.length() && !isLineBreak(i)) {
      i++;
    }
    return i;
  }

  private int afterLineBreak(int offset) {
    if (text.startsWith("\r\n", offset)) {
      return offset + 2;
    }
    return offset < text.length() ? offset + 1 : offset;
  }

  private boolean isLineBreak(int offset) {
    char c = text.charAt(offset);
    return c == '\n' || c == '\r';
  }

  private int column(int offset) {
    return offset - lineStart(offset);
  }

  /** How many spaces the line holding {@code offset} starts with. */
  private int lineIndent(int offset) {
    int start = lineStart(offset);
    int i = start;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i - start;
  }

  private String splice(int start, int end, String replacement) {
    return text.substring(0, start) + replacement + text.substring(end);
  }

  private Edit created(String newText) {
    return new Edit(newText, Outcome.CREATED);
  }

  private Edit same(Outcome outcome) {
    return new Edit(text, outcome);
  }
}
