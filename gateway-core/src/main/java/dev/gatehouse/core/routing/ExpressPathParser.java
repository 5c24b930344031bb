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

/**
 * Cuts an Express 4 route path into tokens exactly as path-to-regexp 0.1.12 (the version Express
 * 4.21 and later use) scans it, including its bookkeeping of the "backtrack" text that a parameter
 * sharing a segment with earlier text may not contain. Runs when the configuration is loaded.
 */
final class ExpressPathParser {

  /** path-to-regexp's scanner: an escape, a parameter, a dot or a star, or "/(". */
  private static final Pattern TOKEN =
      Pattern.compile("\\\\.|(/)?(\\.)?:(\\w+)(\\(.*?\\))?(\\*)?(\\?)?|[.*]|/\\(");

  /** In a custom capture path-to-regexp rewrites the first star, unless an escape comes first. */
  private static final Pattern FIRST_ESCAPE_OR_STAR = Pattern.compile("\\\\.|\\*");

  private ExpressPathParser() {}

  static List<ExpressPathToken> parse(String pattern) {
    List<ExpressPathToken> tokens = new ArrayList<>();
    StringBuilder backtrack = new StringBuilder();
    // path-to-regexp's own cursor: after escapes and dots it lags behind the scanner, and the
    // backtrack text it slices is taken from there, so it is reproduced as it is.
    int cursor = 0;
    int copied = 0;
    Matcher token = TOKEN.matcher(pattern);
    while (token.find()) {
      int offset = token.start();
      if (offset > copied) {
        tokens.add(new Text(pattern.substring(copied, offset)));
      }
      copied = token.end();
      String match = token.group();
      if (match.charAt(0) == '\\') {
        backtrack.append(match);
        cursor += 2;
        tokens.add(new Escape(match));
        continue;
      }
      if (match.equals(".")) {
        backtrack.append("\\.");
        cursor += 1;
        tokens.add(new Dot());
        continue;
      }
      boolean slash = token.group(1) != null;
      boolean format = token.group(2) != null;
      if (slash || format) {
        backtrack.setLength(0);
      } else if (cursor < offset) {
        backtrack.append(pattern, cursor, offset);
      }
      cursor = token.end();
      if (match.equals("*")) {
        backtrack.setLength(0);
        tokens.add(new Star());
      } else if (match.equals("/(")) {
        backtrack.append('/');
        tokens.add(new GroupOpen());
      } else {
        tokens.add(
            new Param(
                token.group(3),
                slash,
                format,
                customCapture(token.group(4)),
                token.group(5) != null,
                token.group(6) != null,
                backtrack.toString()));
        backtrack.setLength(0);
      }
    }
    if (copied < pattern.length()) {
      tokens.add(new Text(pattern.substring(copied)));
    }
    return List.copyOf(tokens);
  }

  private static String customCapture(String capture) {
    if (capture == null) {
      return null;
    }
    Matcher first = FIRST_ESCAPE_OR_STAR.matcher(capture);
    if (first.find() && first.group().equals("*")) {
      return capture.substring(0, first.start()) + "(.*)" + capture.substring(first.end());
    }
    return capture;
  }
}
