package dev.gatehouse.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A replacement string as JavaScript's {@code String.prototype.replace} reads it, which is how
 * Express Gateway's rewrite plugin turns a {@code regexpmatch} match into the new URL: {@code $1}
 * to {@code $99} insert a group, {@code $<name>} a named group, {@code $&} the match, {@code $`}
 * what precedes it, {@code $'} what follows it and {@code $$} a dollar sign. A group that took no
 * part inserts nothing; a reference to a group the expression lacks stays as written.
 *
 * <pre>{@code
 * RegexReplacement.parse("/src/js/$1").apply(matcherOf("^/js/(.*)$", "/js/app.js"), "/js/app.js");
 * // /src/js/app.js
 * }</pre>
 *
 * <p>Immutable; the matcher belongs to the request.
 */
final class RegexReplacement {

  private final List<Part> parts;

  private RegexReplacement(List<Part> parts) {
    this.parts = parts;
  }

  /** Reads a replacement string; every string is one. */
  static RegexReplacement parse(String replacement) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int length = replacement.length();
    int i = 0;
    while (i < length) {
      char c = replacement.charAt(i);
      if (c != '$' || i + 1 == length) {
        text.append(c);
        i++;
        continue;
      }
      char next = replacement.charAt(i + 1);
      int end = i + 2;
      Part part;
      switch (next) {
        case '$' -> {
          text.append('$');
          i = end;
          continue;
        }
        case '&' -> part = Whole.INSTANCE;
        case '`' -> part = Before.INSTANCE;
        case '\'' -> part = After.INSTANCE;
        case '<' -> {
          int close = replacement.indexOf('>', end);
          if (close < 0) {
            text.append(c);
            i++;
            continue;
          }
          part = new Named(replacement.substring(end, close));
          end = close + 1;
        }
        default -> {
          if (!isDigit(next)) {
            text.append(c);
            i++;
            continue;
          }
          if (end < length && isDigit(replacement.charAt(end))) {
            end++;
          }
          part = new Group(replacement.substring(i + 1, end));
        }
      }
      flush(text, parts);
      parts.add(part);
      i = end;
    }
    flush(text, parts);
    return new RegexReplacement(List.copyOf(parts));
  }

  /**
   * Replaces the match of {@code match} in {@code input} with this replacement.
   *
   * @param match a matcher over {@code input}, positioned on a match
   */
  String apply(Matcher match, String input) {
    StringBuilder out = new StringBuilder(input.length() + 16);
    out.append(input, 0, match.start());
    for (Part part : parts) {
      part.append(match, input, out);
    }
    out.append(input, match.end(), input.length());
    return out.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void flush(StringBuilder text, List<Part> parts) {
    if (text.length() > 0) {
      parts.add(new Text(text.toString()));
      text.setLength(0);
    }
  }

  private interface Part {
    void append(Matcher match, String input, StringBuilder out);
  }

  private record Text(String text) implements Part {
    @Override
    public void append(Matcher match, String input, StringBuilder out) {
      out.append(text);
    }
  }

  private enum Whole implements Part {
    INSTANCE;

    @Override
    public void append(Matcher match, String input, StringBuilder out) {
      out.append(match.group());
    }
  }

  private enum Before implements Part {
    INSTANCE;

    @Override
    public void append(Matcher match, String input, StringBuilder out) {
      out.append(input, 0, match.start());
    }
  }

  private enum After implements Part {
    INSTANCE;

    @Override
    public void append(Matcher match, String input, StringBuilder out) {
      out.append(input, match.end(), input.length());
    }
  }

  /**
   * {@code $n} or {@code $nn}. As in JavaScript, two digits name a group when the expression has
   * that many; else the first digit alone does and the second is text; else it is all text.
   */
  private record Group(String digits) implements Part {
    @Override
    public void append(Matcher match, String input, StringBuilder out) {
      int groups = match.groupCount();
      int number = Integer.parseInt(digits);
      if (number >= 1 && number <= groups) {
        appendGroup(match, number, out);
        return;
      }
      int first = digits.charAt(0) - '0';
      if (digits.length() == 2 && first >= 1 && first <= groups) {
        appendGroup(match, first, out);
        out.append(digits.charAt(1));
        return;
      }
      out.append('$').append(digits);
    }

    private static void appendGroup(Matcher match, int number, StringBuilder out) {
      String value = match.group(number);
      if (value != null) {
        out.append(value);
      }
    }
  }

  private record Named(String name) implements Part {
    @Override
    public void append(Matcher match, String input, StringBuilder out) {
      String value;
      try {
        value = match.group(name);
      } catch (IllegalArgumentException e) {
        out.append("$<").append(name).append('>');
        return;
      }
      if (value != null) {
        out.append(value);
      }
    }
  }
}
