package dev.gatehouse.core.condition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Express path in the syntax of path-to-regexp 3.x, which Express Gateway's rewrite plugin uses
 * for the {@code pathmatch} condition and for the templates of the {@code rewrite} policy.
 *
 * <p>{@code :name} is a parameter of one segment, {@code :name(\d+)} one with its own pattern,
 * {@code (.*)} an unnamed one (named {@code 0}, {@code 1}…); a parameter may be followed by {@code
 * ?} (optional), {@code *} (zero or more segments) or {@code +} (one or more); {@code \x} is a
 * literal {@code x}. Everything else is literal, {@code *} included: unlike Express 4 routes,
 * path-to-regexp 3.x has no bare wildcard. A path matches case-insensitively, as a whole, with an
 * optional trailing slash.
 *
 * <pre>{@code
 * ExpressPathTemplate.parse("/tina/:code").match("/tina/318");          // {code=318}
 * ExpressPathTemplate.parse("/api/:route*").match("/api/users/nick");   // {route=users/nick}
 * ExpressPathTemplate.parse("/status/:code").fill(Map.of("code", "318")); // /status/318
 * }</pre>
 *
 * <p>Values are taken and filled in as they appear in the path, percent-encoding included.
 * Immutable and safe to share between event loops.
 */
public final class ExpressPathTemplate {

  /** An escaped character, or a parameter ({@code :name}, {@code (pattern)}) with its modifier. */
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\\\(.)|(?::(\\w+)(?:\\(((?:\\\\.|[^\\\\()])+)\\))?|\\(((?:\\\\.|[^\\\\()])+)\\))([+*?])?");

  /** The characters path-to-regexp escapes in a parameter's own pattern. */
  private static final Pattern GROUP_SPECIALS = Pattern.compile("([=!:$/()])");

  private final String source;
  private final List<Token> tokens;
  private final Pattern regex;
  private final List<String> keys;

  private ExpressPathTemplate(String source, List<Token> tokens) {
    this.source = source;
    this.tokens = tokens;
    List<String> names = new ArrayList<>();
    StringBuilder route = new StringBuilder();
    for (Token token : tokens) {
      if (token instanceof Literal literal) {
        route.append(Pattern.quote(literal.text()));
      } else {
        Param param = (Param) token;
        names.add(param.name());
        route.append(param.regex());
      }
    }
    route.append("/?");
    this.regex = Pattern.compile(route.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    this.keys = List.copyOf(names);
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException when a parameter's own pattern is not a valid regular
   *     expression
   */
  public static ExpressPathTemplate parse(String source) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    boolean literalEscaped = false;
    int unnamed = 0;
    int index = 0;
    Matcher token = TOKEN.matcher(source);
    while (token.find()) {
      literal.append(source, index, token.start());
      index = token.end();
      if (token.group(1) != null) {
        literal.append(token.group(1));
        literalEscaped = true;
        continue;
      }
      // A "/" or "." just before a parameter belongs to it: it goes when an optional one is absent.
      String prefix = "";
      if (!literalEscaped && literal.length() > 0) {
        char last = literal.charAt(literal.length() - 1);
        if (last == '/' || last == '.') {
          prefix = String.valueOf(last);
          literal.setLength(literal.length() - 1);
        }
      }
      if (literal.length() > 0) {
        tokens.add(new Literal(literal.toString()));
        literal.setLength(0);
        literalEscaped = false;
      }
      String modifier = token.group(5);
      String own = token.group(3) != null ? token.group(3) : token.group(4);
      String delimiter = prefix.isEmpty() ? "/" : prefix;
      tokens.add(
          new Param(
              token.group(2) != null ? token.group(2) : String.valueOf(unnamed++),
              prefix,
              delimiter,
              "?".equals(modifier) || "*".equals(modifier),
              "+".equals(modifier) || "*".equals(modifier),
              !prefix.isEmpty()
                  && index < source.length()
                  && source.charAt(index) != prefix.charAt(0),
              own != null
                  ? GROUP_SPECIALS.matcher(own).replaceAll("\\\\$1")
                  : "[^\\" + delimiter + "]+?"));
    }
    literal.append(source.substring(index));
    if (literal.length() > 0) {
      tokens.add(new Literal(literal.toString()));
    }
    return new ExpressPathTemplate(source, List.copyOf(tokens));
  }

  /**
   * Matches a request path.
   *
   * @return null when the path does not match; else the parameters that took part, as they appear
   *     in the path
   */
  public Map<String, String> match(String path) {
    Matcher matcher = regex.matcher(path);
    if (!matcher.matches()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String value = matcher.group(i + 1);
      if (value != null) {
        params.put(keys.get(i), value);
      }
    }
    return Collections.unmodifiableMap(params);
  }

  /**
   * Fills the path's parameters in, as path-to-regexp's {@code compile} does: an absent optional
   * parameter leaves out the {@code /} or {@code .} before it.
   *
   * @throws IllegalArgumentException when a parameter that is not optional has no value
   */
  public String fill(Map<String, String> params) {
    StringBuilder path = new StringBuilder(source.length() + 16);
    for (Token token : tokens) {
      if (token instanceof Literal literal) {
        path.append(literal.text());
        continue;
      }
      Param param = (Param) token;
      String value = params.get(param.name());
      if (value != null) {
        path.append(param.prefix()).append(value);
      } else if (!param.optional()) {
        throw new IllegalArgumentException(
            "'" + source + "' needs the parameter '" + param.name() + "', which has no value");
      } else if (param.partial()) {
        path.append(param.prefix());
      }
    }
    return path.toString();
  }

  /** Whether {@code c} occurs in the literal text of the path, outside parameters. */
  public boolean hasLiteral(char c) {
    for (Token token : tokens) {
      if (token instanceof Literal literal && literal.text().indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return source;
  }

  private sealed interface Token permits Literal, Param {}

  private record Literal(String text) implements Token {}

  /**
   * A parameter as path-to-regexp 3.x describes it.
   *
   * @param prefix the {@code /} or {@code .} before it, or empty
   * @param delimiter what separates its repetitions (and what its default pattern excludes)
   * @param partial whether it shares its segment with text after it, so that an absent optional
   *     parameter keeps its prefix
   * @param pattern the regular expression of one value
   */
  private record Param(
      String name,
      String prefix,
      String delimiter,
      boolean optional,
      boolean repeat,
      boolean partial,
      String pattern)
      implements Token {

    String regex() {
      String value =
          repeat
              ? "(?:" + pattern + ")(?:" + Pattern.quote(delimiter) + "(?:" + pattern + "))*"
              : pattern;
      String quotedPrefix = prefix.isEmpty() ? "" : Pattern.quote(prefix);
      if (!optional) {
        return quotedPrefix + "(" + value + ")";
      }
      return partial
          ? quotedPrefix + "(" + value + ")?"
          : "(?:" + quotedPrefix + "(" + value + "))?";
    }
  }
}
