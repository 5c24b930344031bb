package dev.gatehouse.core.condition;

import java.util.regex.Pattern;

/**
 * Compiles minimatch-style globs, as Express Gateway's {@code hostMatch} uses them, to a regular
 * expression once: {@code *} and {@code **} match any run of characters but {@code /}, {@code ?}
 * one character, {@code [...]} a class ({@code [!...]} negated), {@code {a,b}} either alternative;
 * everything else is literal.
 */
final class Glob {

  private Glob() {}

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder(glob.length() * 2);
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          regex.append("[^/]*");
          while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            i++;
          }
        }
        case '?' -> regex.append("[^/]");
        case '[' -> i = appendClass(glob, i, regex);
        case '{' -> {
          braces++;
          regex.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            regex.append("\\}");
          } else {
            braces--;
            regex.append(')');
          }
        }
        case ',' -> regex.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (braces != 0) {
      throw new IllegalArgumentException("unbalanced '{' in glob '" + glob + "'");
    }
    return Pattern.compile(regex.toString());
  }

  private static int appendClass(String glob, int start, StringBuilder regex) {
    int end = glob.indexOf(']', start + 2);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated '[' in glob '" + glob + "'");
    }
    String body = glob.substring(start + 1, end);
    boolean negated = body.startsWith("!") || body.startsWith("^");
    if (negated) {
      body = body.substring(1);
    }
    regex.append('[').append(negated ? "^" : "");
    for (char c : body.toCharArray()) {
      if (c == '\\' || c == '[' || c == ']' || c == '&' || c == '^') {
        regex.append('\\');
      }
      regex.append(c);
    }
    regex.append(']');
    return end;
  }
}
