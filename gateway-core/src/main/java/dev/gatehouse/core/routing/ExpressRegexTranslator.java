package dev.gatehouse.core.routing;

import dev.gatehouse.core.routing.ExpressPathToken.Dot;
import dev.gatehouse.core.routing.ExpressPathToken.Escape;
import dev.gatehouse.core.routing.ExpressPathToken.GroupOpen;
import dev.gatehouse.core.routing.ExpressPathToken.Param;
import dev.gatehouse.core.routing.ExpressPathToken.Star;
import dev.gatehouse.core.routing.ExpressPathToken.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the regular expression path-to-regexp 0.1.12 builds for an Express path (case-insensitive,
 * optional trailing slash, anchored at both ends) and names its groups as Express does. Used for
 * the paths the {@link ExpressPathMatcher} does not cover: custom parameter patterns, {@code .:ext}
 * formats, {@code :name*}, escapes, groups and other regular-expression syntax in the text.
 *
 * <p>The JavaScript source compiles as a Java pattern with {@code UNIX_LINES}, so {@code .} and
 * {@code $} treat only a line feed specially; the two differ from JavaScript only on raw carriage
 * returns and U+2028/U+2029, which normalised request paths do not hold.
 */
final class ExpressRegexTranslator {

  private ExpressRegexTranslator() {}

  /**
   * The matcher for an Express path.
   *
   * @throws IllegalArgumentException when the resulting expression does not compile
   */
  static RegexPathMatcher translate(String pattern, List<ExpressPathToken> tokens) {
    StringBuilder source = new StringBuilder();
    List<Key> named = new ArrayList<>();
    for (ExpressPathToken token : tokens) {
      if (token instanceof Text text) {
        source.append(text.raw());
      } else if (token instanceof Escape escape) {
        source.append(escape.raw());
      } else if (token instanceof Dot) {
        source.append("\\.");
      } else if (token instanceof Star) {
        source.append("(.*)");
      } else if (token instanceof GroupOpen) {
        source.append("/(?:");
      } else if (token instanceof Param param) {
        named.add(new Key(param.name(), source.length()));
        appendParam(source, param);
      }
    }
    List<String> keys = nameGroups(source, named);
    boolean endsWithSlash = source.length() > 0 && source.charAt(source.length() - 1) == '/';
    source.append(endsWithSlash ? "?" : "/?").append('$');
    try {
      Pattern compiled =
          Pattern.compile("^" + source, Pattern.CASE_INSENSITIVE | Pattern.UNIX_LINES);
      return new RegexPathMatcher(compiled, keys);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "path '" + pattern + "' is not a valid Express route path: " + e.getDescription(), e);
    }
  }

  private static void appendParam(StringBuilder source, Param param) {
    String format = param.format() ? "\\." : "";
    source.append("(?:").append(format).append(param.slash() ? "/" : "");
    if (param.capture() != null) {
      source.append(param.capture());
    } else if (!param.backtrack().isEmpty()) {
      source.append("((?:(?!/|").append(param.backtrack()).append(").)+?)");
    } else {
      source.append("([^/").append(format).append("]+?)");
    }
    if (param.repeat()) {
      source.append("((?:[/").append(format).append("].+?)?)");
    }
    source.append(')').append(param.optional() ? "?" : "");
  }

  /**
   * Names every capturing group as Express does: a parameter claims the first group that opens at
   * or after its own text; a group found before the next parameter's text is unnamed and numbered
   * from "0" (stars, custom groups, the tail of {@code :name*}).
   */
  private static List<String> nameGroups(CharSequence source, List<Key> named) {
    List<Key> keys = new ArrayList<>(named);
    int claimed = 0;
    int unnamed = 0;
    Matcher group = RegexPathMatcher.CAPTURING_GROUP.matcher(source);
    while (group.find()) {
      if (group.group().charAt(0) == '\\') {
        continue;
      }
      if (claimed == keys.size() || keys.get(claimed).offset() > group.start()) {
        keys.add(claimed, new Key(String.valueOf(unnamed++), group.start()));
      }
      claimed++;
    }
    return keys.stream().map(Key::name).toList();
  }

  private record Key(String name, int offset) {}
}
