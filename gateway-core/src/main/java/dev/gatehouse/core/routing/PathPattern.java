package dev.gatehouse.core.routing;

import dev.gatehouse.core.routing.ExpressPathToken.Dot;
import dev.gatehouse.core.routing.ExpressPathToken.GroupOpen;
import dev.gatehouse.core.routing.ExpressPathToken.Param;
import dev.gatehouse.core.routing.ExpressPathToken.Text;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled API-endpoint path: an Express 4 route path (EG {@code paths}) or an EG {@code
 * pathRegex}. Matches a normalised request path, without its query, and returns the path's
 * parameters as Express puts them in {@code req.params}.
 *
 * <p>Express paths follow path-to-regexp 0.1.12: case-insensitive, full match, optional trailing
 * slash. {@code :name} matches within one segment, {@code :name?} is optional together with the
 * slash before it, and {@code *} matches anything including slashes and is captured as "0", "1",
 * and so on. Literal text, {@code :name}, {@code :name?} and {@code *} are matched without a
 * regular expression; the rest of path-to-regexp's syntax ({@code :id(\d+)}, {@code .:ext}, groups)
 * compiles to the regular expression path-to-regexp builds.
 *
 * <pre>{@code
 * PathPattern.express("/users/:id").match("/users/42/");   // {id=42}
 * PathPattern.express("/api/*").match("/api/a/b");         // {0=a/b}
 * PathPattern.express("/api").match("/api/x");             // null
 * PathPattern.regex("/wild-cats$").match("/zoo/wild-cats"); // {}
 * }</pre>
 *
 * <p>Immutable and safe to share between event loops.
 */
public final class PathPattern {

  private final String source;
  private final PathMatcher matcher;
  private final String leadingLiteral;

  private PathPattern(String source, PathMatcher matcher, String leadingLiteral) {
    this.source = source;
    this.matcher = matcher;
    this.leadingLiteral = leadingLiteral;
  }

  /**
   * An Express 4 route path, as in EG {@code paths}.
   *
   * @throws IllegalArgumentException when path-to-regexp's translation of the path is not a valid
   *     regular expression (an unclosed group, for example)
   */
  public static PathPattern express(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.equals("*")) {
      // Express answers "*" without its regular expression: everything matches, all of it is "0".
      return new PathPattern(pattern, new EverythingMatcher(), null);
    }
    List<ExpressPathToken> tokens = ExpressPathParser.parse(pattern);
    PathMatcher matcher =
        ExpressPathMatcher.supports(tokens)
            ? ExpressPathMatcher.compile(tokens)
            : ExpressRegexTranslator.translate(pattern, tokens);
    return new PathPattern(pattern, matcher, leadingSegment(pattern, tokens));
  }

  /**
   * An EG {@code pathRegex}: a regular expression searched for anywhere in the path ({@code new
   * RegExp(pathRegex)} in EG), case-sensitive. Capture groups become parameters named by group
   * name, else "0", "1", and so on.
   *
   * @throws IllegalArgumentException when the expression is not valid
   */
  public static PathPattern regex(String pathRegex) {
    Objects.requireNonNull(pathRegex, "pathRegex");
    try {
      Pattern pattern = Pattern.compile(pathRegex, Pattern.UNIX_LINES);
      return new PathPattern(pathRegex, RegexPathMatcher.forRegex(pattern), null);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "pathRegex '" + pathRegex + "' is not a valid regular expression: " + e.getDescription(),
          e);
    }
  }

  /**
   * Matches a normalised request path.
   *
   * @return null when the path does not match; else the parameters, percent-decoded as {@code
   *     decodeURIComponent} does, without the optional ones that took no part (an immutable map,
   *     empty when there are none)
   * @throws MalformedPathException when a parameter value is not valid percent-encoded UTF-8
   *     (Express answers 400)
   */
  public Map<String, String> match(String path) {
    int[] captures = matcher.match(path);
    if (captures == null) {
      return null;
    }
    List<String> keys = matcher.keys();
    Map<String, String> params = null;
    for (int i = 0; i < keys.size(); i++) {
      int start = captures[2 * i];
      if (start < 0) {
        continue;
      }
      if (params == null) {
        params = new LinkedHashMap<>();
      }
      // As in Express, a later group of the same name wins unless it took no part.
      params.put(keys.get(i), ParamDecoder.decode(path, start, captures[2 * i + 1]));
    }
    return params == null ? Map.of() : Collections.unmodifiableMap(params);
  }

  /** The path or regular expression as configured. */
  public String source() {
    return source;
  }

  /**
   * The first segment every matching path starts with, lower-cased ({@code "users"} for {@code
   * /users/:id} and {@code /Users/*}); null when the pattern does not fix one ({@code *}, {@code
   * /:id}, {@code /api*}, any {@code pathRegex}). Lets a route table consult only the patterns that
   * can match a path's first segment.
   */
  public String leadingLiteral() {
    return leadingLiteral;
  }

  /** Whether matching runs a regular expression (for tests of the matcher choice). */
  boolean usesRegex() {
    return matcher instanceof RegexPathMatcher;
  }

  @Override
  public String toString() {
    return source;
  }

  /**
   * The first segment the pattern fixes, from the literal text it starts with. Text is literal up
   * to the first regular-expression character, and the character before that one may be made
   * optional by it, so it is left out. A {@code |} anywhere could make an alternative that starts
   * elsewhere, so then there is none.
   */
  private static String leadingSegment(String pattern, List<ExpressPathToken> tokens) {
    if (pattern.indexOf('|') >= 0) {
      return null;
    }
    StringBuilder prefix = new StringBuilder();
    boolean slashFollows = true;
    for (ExpressPathToken token : tokens) {
      if (token instanceof Dot) {
        prefix.append('.');
        continue;
      }
      if (token instanceof Text text) {
        int syntax = text.firstSyntaxIndex();
        if (syntax < 0) {
          prefix.append(text.raw());
          continue;
        }
        prefix.append(text.raw(), 0, syntax);
        prefix.setLength(Math.max(prefix.length() - 1, 0));
      }
      slashFollows =
          token instanceof GroupOpen
              || (token instanceof Param param && param.slash() && !param.format());
      break;
    }
    if (prefix.length() < 2 || prefix.charAt(0) != '/') {
      return null;
    }
    int end = prefix.indexOf("/", 1);
    if (end < 0 && !slashFollows) {
      return null;
    }
    String segment = prefix.substring(1, end < 0 ? prefix.length() : end);
    return segment.isEmpty() ? null : AsciiCase.lower(segment);
  }

  /** Express's shortcut for the path {@code *}. */
  private static final class EverythingMatcher implements PathMatcher {
    @Override
    public int[] match(String path) {
      return new int[] {0, path.length()};
    }

    @Override
    public List<String> keys() {
      return List.of("0");
    }
  }
}
