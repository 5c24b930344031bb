package dev.gatehouse.core.routing;

/**
 * One piece of an Express route path as path-to-regexp 0.1.12 cuts it: the pieces its {@code
 * replace} rewrites (escapes, parameters, dots, stars, {@code /(}) and the raw text between them,
 * which it copies into the regular expression unchanged.
 */
sealed interface ExpressPathToken {

  /** Text between tokens, copied verbatim: a literal unless it holds regular-expression syntax. */
  record Text(String raw) implements ExpressPathToken {

    /** Where the first regular-expression character is, or -1 when the text is all literal. */
    int firstSyntaxIndex() {
      for (int i = 0; i < raw.length(); i++) {
        if ("\\^$|?+()[]{}".indexOf(raw.charAt(i)) >= 0) {
          return i;
        }
      }
      return -1;
    }
  }

  /** A backslash and the character after it ({@code \d}, {@code \.}), copied verbatim. */
  record Escape(String raw) implements ExpressPathToken {}

  /** A {@code .}, which becomes a literal dot. */
  record Dot() implements ExpressPathToken {}

  /** A {@code *}, which becomes {@code (.*)}: an unnamed capture that spans slashes. */
  record Star() implements ExpressPathToken {}

  /** A {@code /(}, which becomes {@code /(?:}: a non-capturing group. */
  record GroupOpen() implements ExpressPathToken {}

  /**
   * A named parameter {@code [/][.]:name[(capture)][*][?]}.
   *
   * @param slash whether a {@code /} precedes it (inside its group, so optional with it)
   * @param format whether a {@code .} precedes it
   * @param capture the custom capture group, with path-to-regexp's one {@code *} rewrite applied,
   *     or null for the default
   * @param repeat whether {@code *} follows it (the value may continue over more segments)
   * @param optional whether {@code ?} follows it
   * @param backtrack the text path-to-regexp forbids inside a default capture when the parameter
   *     shares its segment with earlier text; empty when it does not
   */
  record Param(
      String name,
      boolean slash,
      boolean format,
      String capture,
      boolean repeat,
      boolean optional,
      String backtrack)
      implements ExpressPathToken {}
}
