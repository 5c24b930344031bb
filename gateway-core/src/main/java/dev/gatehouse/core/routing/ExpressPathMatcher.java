package dev.gatehouse.core.routing;

import dev.gatehouse.core.routing.ExpressPathToken.Dot;
import dev.gatehouse.core.routing.ExpressPathToken.Param;
import dev.gatehouse.core.routing.ExpressPathToken.Star;
import dev.gatehouse.core.routing.ExpressPathToken.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Matches the common Express paths without a regular expression: literal text, {@code :name},
 * {@code :name?} and {@code *}. The path compiles to a chain of parts ending in "optional slash,
 * then end of path"; each part tries its alternatives in the order path-to-regexp's regular
 * expression would (a parameter shortest first, a star longest first, an optional parameter present
 * first) and hands the rest of the path to the next part, so the captures are the regular
 * expression's. Literals compare ignoring ASCII case.
 *
 * <p>Immutable; one instance serves every event loop.
 */
final class ExpressPathMatcher implements PathMatcher {

  private final Part first;
  private final List<String> keys;

  private ExpressPathMatcher(Part first, List<String> keys) {
    this.first = first;
    this.keys = List.copyOf(keys);
  }

  /** Whether every token is one this matcher reproduces exactly. */
  static boolean supports(List<ExpressPathToken> tokens) {
    for (ExpressPathToken token : tokens) {
      boolean supported =
          token instanceof Dot
              || token instanceof Star
              || (token instanceof Text text && text.firstSyntaxIndex() < 0)
              || (token instanceof Param param && isSegmentParam(param));
      if (!supported) {
        return false;
      }
    }
    return true;
  }

  /** Compiles tokens that {@link #supports} accepts. */
  static ExpressPathMatcher compile(List<ExpressPathToken> tokens) {
    List<UnaryOperator<Part>> parts = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int stars = 0;
    for (ExpressPathToken token : tokens) {
      if (token instanceof Text text) {
        literal.append(text.raw());
      } else if (token instanceof Dot) {
        literal.append('.');
      } else {
        addLiteral(parts, literal);
        int slot = keys.size();
        if (token instanceof Param param) {
          keys.add(param.name());
          parts.add(paramPart(param, slot));
        } else {
          keys.add(String.valueOf(stars++));
          parts.add(next -> new Wildcard(slot, next));
        }
      }
    }
    // path-to-regexp makes a final slash optional rather than adding a second optional one.
    if (!tokens.isEmpty()
        && tokens.get(tokens.size() - 1) instanceof Text text
        && text.raw().endsWith("/")) {
      literal.setLength(literal.length() - 1);
    }
    addLiteral(parts, literal);
    Part chain = new End();
    for (int i = parts.size() - 1; i >= 0; i--) {
      chain = parts.get(i).apply(chain);
    }
    return new ExpressPathMatcher(chain, keys);
  }

  @Override
  public int[] match(String path) {
    int[] captures = keys.isEmpty() ? NO_CAPTURES : new int[keys.size() * 2];
    return first.match(path, 0, captures) ? captures : null;
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  /**
   * A parameter with the default capture: path-to-regexp gives it {@code [^/]+?}, or, when it
   * shares a segment with earlier text, {@code (?:(?!/|<earlier text>).)+?}, which is the same as
   * "a character that is neither a slash nor a line terminator" when that text starts with a slash.
   */
  private static boolean isSegmentParam(Param param) {
    return !param.format()
        && param.capture() == null
        && !param.repeat()
        && (param.backtrack().isEmpty() || param.backtrack().startsWith("/"));
  }

  private static UnaryOperator<Part> paramPart(Param param, int slot) {
    ValueChars chars =
        param.backtrack().isEmpty() ? ValueChars.NOT_SLASH : ValueChars.NOT_SLASH_NOR_LINE_END;
    if (param.optional()) {
      return next -> new OptionalSegmentParam(slot, param.slash(), chars, next);
    }
    return next -> new SegmentParam(slot, param.slash(), chars, next);
  }

  private static void addLiteral(List<UnaryOperator<Part>> parts, StringBuilder literal) {
    if (literal.length() > 0) {
      String text = AsciiCase.lower(literal.toString());
      parts.add(next -> new Literal(text, next));
      literal.setLength(0);
    }
  }

  /** The characters JavaScript's {@code .} does not match. */
  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
  }

  /** What a parameter value may hold. */
  private enum ValueChars {
    /** {@code [^/]}. */
    NOT_SLASH {
      @Override
      boolean allows(char c) {
        return c != '/';
      }
    },
    /** {@code (?!/).} in JavaScript. */
    NOT_SLASH_NOR_LINE_END {
      @Override
      boolean allows(char c) {
        return c != '/' && !isLineTerminator(c);
      }
    };

    abstract boolean allows(char c);
  }

  /** One step of the chain; it succeeds when it and every part after it match. */
  private abstract static class Part {

    /**
     * Whether this part matches {@code path} at {@code pos} and the parts after it match the rest.
     * Writes the bounds of the captures it makes into {@code captures}.
     */
    abstract boolean match(String path, int pos, int[] captures);
  }

  /** {@code /?$}: an optional slash, then the end of the path. */
  private static final class End extends Part {
    @Override
    boolean match(String path, int pos, int[] captures) {
      int rest = path.length() - pos;
      return rest == 0 || (rest == 1 && path.charAt(pos) == '/');
    }
  }

  /** Literal text, compared ignoring ASCII case. */
  private static final class Literal extends Part {
    private final String lowerText;
    private final Part next;

    Literal(String lowerText, Part next) {
      this.lowerText = lowerText;
      this.next = next;
    }

    @Override
    boolean match(String path, int pos, int[] captures) {
      return AsciiCase.regionMatches(path, pos, lowerText)
          && next.match(path, pos + lowerText.length(), captures);
    }
  }

  /** {@code (?:/([^/]+?))}: an optional leading slash, then a value of one or more characters. */
  private static class SegmentParam extends Part {
    private final int slot;
    private final boolean slash;
    private final ValueChars chars;
    final Part next;

    SegmentParam(int slot, boolean slash, ValueChars chars, Part next) {
      this.slot = slot;
      this.slash = slash;
      this.chars = chars;
      this.next = next;
    }

    @Override
    boolean match(String path, int pos, int[] captures) {
      int start = pos;
      if (slash) {
        if (pos >= path.length() || path.charAt(pos) != '/') {
          return false;
        }
        start++;
      }
      // Lazy, as +? is: the shortest value first.
      for (int end = start; end < path.length() && chars.allows(path.charAt(end)); ) {
        end++;
        captures[2 * slot] = start;
        captures[2 * slot + 1] = end;
        if (next.match(path, end, captures)) {
          return true;
        }
      }
      return false;
    }

    void clear(int[] captures) {
      captures[2 * slot] = -1;
      captures[2 * slot + 1] = -1;
    }
  }

  /** {@code (?:/([^/]+?))?}: the parameter with its slash, else nothing (tried in that order). */
  private static final class OptionalSegmentParam extends SegmentParam {
    OptionalSegmentParam(int slot, boolean slash, ValueChars chars, Part next) {
      super(slot, slash, chars, next);
    }

    @Override
    boolean match(String path, int pos, int[] captures) {
      if (super.match(path, pos, captures)) {
        return true;
      }
      clear(captures);
      return next.match(path, pos, captures);
    }
  }

  /** {@code (.*)}: any run of characters, slashes included; the longest first, as .* is greedy. */
  private static final class Wildcard extends Part {
    private final int slot;
    private final Part next;

    Wildcard(int slot, Part next) {
      this.slot = slot;
      this.next = next;
    }

    @Override
    boolean match(String path, int pos, int[] captures) {
      int limit = pos;
      while (limit < path.length() && !isLineTerminator(path.charAt(limit))) {
        limit++;
      }
      for (int end = limit; end >= pos; end--) {
        captures[2 * slot] = pos;
        captures[2 * slot + 1] = end;
        if (next.match(path, end, captures)) {
          return true;
        }
      }
      return false;
    }
  }
}
