package dev.gatehouse.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets SnakeYAML read JSON that js-yaml reads. YAML 1.1 (and so SnakeYAML) refuses two things JSON
 * files contain: a tab wherever a token may start (JSON indented with tabs) and the {@code \/}
 * escape. For a document whose root is a flow collection ({@code {...}} or {@code [...]}, which
 * every JSON file is), tabs outside quoted scalars are white space, so each becomes one space, and
 * {@code \/} in a double-quoted scalar becomes {@code /}. {@link #originalOffset} maps positions in
 * the result back to the text given.
 */
final class JsonCompat {

  private final String text;

  /** Offsets in {@link #text} just after each removed character, ascending. */
  private final List<Integer> removals;

  private JsonCompat(String text, List<Integer> removals) {
    this.text = text;
    this.removals = removals;
  }

  /** The text to hand to SnakeYAML. */
  String text() {
    return text;
  }

  boolean changedOffsets() {
    return !removals.isEmpty();
  }

  /** The offset in the given text of the character at {@code offset} in {@link #text()}. */
  int originalOffset(int offset) {
    int shift = 0;
    for (int removal : removals) {
      if (removal > offset) {
        break;
      }
      shift++;
    }
    return offset + shift;
  }

  static JsonCompat of(String text) {
    if (!startsWithFlowCollection(text) || (text.indexOf('\t') < 0 && !text.contains("\\/"))) {
      return new JsonCompat(text, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<Integer> removals = new ArrayList<>();
    char quote = 0;
    boolean comment = false;
    char previous = '{';
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (comment) {
        comment = c != '\n' && c != '\r';
      } else if (quote == '"' && c == '\\' && i + 1 < text.length()) {
        char escaped = text.charAt(++i);
        if (escaped == '/') {
          removals.add(out.length());
        } else {
          out.append(c);
        }
        out.append(escaped);
        continue;
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\t') {
        c = ' ';
      } else if ((c == '"' || c == '\'') && "{[,:".indexOf(previous) >= 0) {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
        comment = true;
      }
      out.append(c);
      if (!Character.isWhitespace(c)) {
        previous = c;
      }
    }
    return new JsonCompat(out.toString(), removals);
  }

  private static boolean startsWithFlowCollection(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (Character.isWhitespace(c) || c == '\uFEFF') {
        i++;
      } else {
        return c == '{' || c == '[';
      }
    }
    return false;
  }
}
