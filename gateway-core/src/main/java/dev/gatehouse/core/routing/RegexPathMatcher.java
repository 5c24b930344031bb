package dev.gatehouse.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path matched by a {@link java.util.regex.Pattern}: an EG {@code pathRegex}, or an Express path
 * whose syntax the segment matcher does not cover. Uses {@code find}, as JavaScript's {@code exec}
 * does; an anchored pattern anchors itself.
 */
final class RegexPathMatcher implements PathMatcher {

  /**
   * How Express finds the capture groups of a pattern to name them: an escape (skipped) or a "("
   * that opens a capturing group, possibly named. Like Express it does not know character classes.
   */
  static final Pattern CAPTURING_GROUP = Pattern.compile("\\\\.|\\((?:\\?<(.*?)>)?(?!\\?)");

  private final Pattern pattern;
  private final List<String> keys;

  RegexPathMatcher(Pattern pattern, List<String> keys) {
    this.pattern = pattern;
    this.keys = List.copyOf(keys);
  }

  /**
   * A user's regular expression, named as Express names the groups of a RegExp route: by group
   * name, else by their position among the unnamed ones from "0".
   */
  static RegexPathMatcher forRegex(Pattern pattern) {
    List<String> keys = new ArrayList<>();
    int unnamed = 0;
    Matcher group = CAPTURING_GROUP.matcher(pattern.pattern());
    while (group.find()) {
      if (group.group().charAt(0) == '\\') {
        continue;
      }
      String name = group.group(1);
      keys.add(name == null || name.isEmpty() ? String.valueOf(unnamed++) : name);
    }
    return new RegexPathMatcher(pattern, keys);
  }

  @Override
  public int[] match(String path) {
    Matcher matcher = pattern.matcher(path);
    if (!matcher.find()) {
      return null;
    }
    if (keys.isEmpty()) {
      return NO_CAPTURES;
    }
    int[] captures = new int[keys.size() * 2];
    int groups = matcher.groupCount();
    for (int i = 0; i < keys.size(); i++) {
      boolean present = i < groups && matcher.start(i + 1) >= 0;
      captures[2 * i] = present ? matcher.start(i + 1) : -1;
      captures[2 * i + 1] = present ? matcher.end(i + 1) : -1;
    }
    return captures;
  }

  @Override
  public List<String> keys() {
    return keys;
  }
}
