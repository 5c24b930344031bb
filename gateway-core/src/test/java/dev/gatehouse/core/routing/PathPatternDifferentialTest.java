package dev.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link PathPattern#express} with a line-by-line port of path-to-regexp 0.1.12's {@code
 * pathToRegexp} (below) and Express's {@code Layer.match} naming of params, on generated paths.
 */
class PathPatternDifferentialTest {

  /** Patterns the segment matcher must handle without a regular expression. */
  static List<String> segmentMatcherPatterns() {
    return List.of(
        "/api",
        "/api/",
        "/API",
        "/api/*",
        "/api*",
        "/api/**",
        "/users/:id",
        "/users/:id?",
        "/v1/*/x",
        "/admin/:group/:id",
        "/:a/:b?",
        "/:a?/:b?",
        "/:a?",
        "/files/*/:name",
        "/*/:id/*",
        "/file-:name",
        "/users-:id?",
        "/:a:b",
        "/*:id",
        "/x/:y?/z",
        "/",
        "",
        "/*.json",
        "/a.b/:c",
        "/:id/",
        "/api/*/",
        "*/x",
        "/**/a/*",
        "/:id.json",
        "/a/:b?/*",
        "/:x?-y",
        "/FILE-:n/x");
  }

  /** Patterns that fall back to the regular expression, compared all the same. */
  static List<String> regexPatterns() {
    return List.of(
        "/users/:id(\\d+)",
        "/:file.:ext",
        "/:from-:to",
        "/api/(v1|v2)/x",
        "/colou?r",
        "/:path*",
        "/a.:fmt?",
        "/:a-x-:b",
        "/x/:id(*)",
        "/\\d+/:id",
        "/a.b-:c",
        "/:a(\\d+)?/:b",
        "/a-b/*-:c");
  }

  @ParameterizedTest
  @MethodSource("segmentMatcherPatterns")
  void segmentMatcherAgreesWithPathToRegexpOnMatchesAndCaptures(String pattern) {
    PathPattern compiled = PathPattern.express(pattern);
    assertThat(compiled.usesRegex()).as("uses the segment matcher").isFalse();
    assertAgreement(pattern, compiled);
  }

  @ParameterizedTest
  @MethodSource("regexPatterns")
  void regexFallbackAgreesWithPathToRegexpOnMatchesAndCaptures(String pattern) {
    PathPattern compiled = PathPattern.express(pattern);
    assertThat(compiled.usesRegex()).as("uses the regular expression").isTrue();
    assertAgreement(pattern, compiled);
  }

  private static void assertAgreement(String pattern, PathPattern compiled) {
    PathToRegexp0112 reference = new PathToRegexp0112(pattern);
    int matched = 0;
    for (String path : paths(pattern)) {
      Object expected = reference.outcome(path);
      assertThat(outcome(compiled, path)).as("%s on %s", pattern, path).isEqualTo(expected);
      matched += expected == null ? 0 : 1;
    }
    assertThat(matched).as("paths that %s matches", pattern).isPositive();
  }

  /** The params, null for no match, or {@link #MALFORMED} where Express answers 400. */
  private static Object outcome(PathPattern pattern, String path) {
    try {
      return pattern.match(path);
    } catch (MalformedPathException e) {
      return MALFORMED;
    }
  }

  private static final String MALFORMED = "400 Failed to decode param";

  private static final String[] PIECES = {
    "a",
    "b",
    "x",
    "z",
    "api",
    "API",
    "Api",
    "users",
    "v1",
    "V2",
    "admin",
    "ops",
    "files",
    "7",
    "42",
    "-",
    ".",
    "json",
    "a.json",
    "%2F",
    "%41",
    "a-b",
    "a-x-b",
    "file-x",
    "users-1",
    "FILE-",
    ":",
    "~",
    "report.pdf",
    "colour",
    "color",
    "d",
    "123",
    "-y",
    "b-c-d"
  };

  private static final Pattern PLACEHOLDER = Pattern.compile(":\\w+(\\([^)]*\\))?\\??|\\*");

  /** Edge cases, random paths, and paths made from the pattern by filling its placeholders. */
  private static Set<String> paths(String pattern) {
    Random random = new Random(pattern.hashCode() * 31L + 7);
    Set<String> paths = new LinkedHashSet<>();
    paths.addAll(
        List.of(
            "",
            "/",
            "//",
            "/api",
            "/api/",
            "/API",
            "/api/x",
            "/apix",
            "/api//",
            "/users",
            "/users/",
            "/users//",
            "/users/1",
            "/users/1/",
            "/users/1/x",
            "/v1/a/x",
            "/v1//x",
            "/v1/a/b/x",
            "/a.json",
            "/.json",
            "/a/",
            "/a/b/c/d/e",
            "/-",
            "/a-",
            "/-b",
            "/api/v1/x",
            "/API/V2/x/",
            "/api/v3/x"));
    for (int i = 0; i < 1500; i++) {
      paths.add(randomPath(random));
      paths.add(filled(pattern, random));
    }
    return paths;
  }

  private static String randomPath(Random random) {
    StringBuilder path = new StringBuilder();
    int pieces = random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      path.append(random.nextInt(6) == 0 ? "" : "/").append(piece(random));
      if (random.nextInt(10) == 0) {
        path.append('/');
      }
    }
    if (random.nextInt(4) == 0) {
      path.append('/');
    }
    return path.length() > 0 && path.charAt(0) == '/' ? path.toString() : "/" + path;
  }

  private static String filled(String pattern, Random random) {
    Matcher placeholder = PLACEHOLDER.matcher(pattern.replace("\\", ""));
    StringBuilder path = new StringBuilder();
    while (placeholder.find()) {
      String value;
      if (placeholder.group().equals("*")) {
        StringBuilder run = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
          run.append(i == 0 ? "" : "/").append(piece(random));
        }
        value = run.toString();
      } else {
        value = random.nextInt(8) == 0 ? "" : piece(random);
      }
      placeholder.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    placeholder.appendTail(path);
    if (random.nextInt(4) == 0) {
      path.append('/');
    }
    return random.nextInt(5) == 0 ? path.toString().toUpperCase(Locale.ROOT) : path.toString();
  }

  private static String piece(Random random) {
    return PIECES[random.nextInt(PIECES.length)];
  }

  /**
   * path-to-regexp 0.1.12 {@code pathToRegexp(path, keys, {sensitive: false, strict: false, end:
   * true})} for a string path, ported statement by statement, and Express 4's {@code Layer.match}
   * on its result.
   */
  private static final class PathToRegexp0112 {

    private static final Pattern REPLACE =
        Pattern.compile("\\\\.|(\\/)?(\\.)?:(\\w+)(\\(.*?\\))?(\\*)?(\\?)?|[.*]|\\/\\(");
    private static final Pattern MATCHING_GROUP =
        Pattern.compile("\\\\.|\\((?:\\?<(.*?)>)?(?!\\?)");

    private final List<String> keyNames = new ArrayList<>();
    private final Pattern regexp;

    PathToRegexp0112(String path) {
      List<Integer> keyOffsets = new ArrayList<>();
      int extraOffset = 0;
      int pos = 0;
      String backtrack = "";
      StringBuilder replaced = new StringBuilder();
      int copied = 0;
      Matcher m = REPLACE.matcher(path);
      while (m.find()) {
        String match = m.group();
        int offset = m.start();
        String slash = m.group(1);
        String format = m.group(2);
        String key = m.group(3);
        String capture = m.group(4);
        String star = m.group(5);
        String optional = m.group(6);
        String result;
        if (match.charAt(0) == '\\') {
          backtrack += match;
          pos += 2;
          result = match;
        } else if (match.equals(".")) {
          backtrack += "\\.";
          extraOffset += 1;
          pos += 1;
          result = "\\.";
        } else {
          if (slash != null || format != null) {
            backtrack = "";
          } else {
            backtrack += slice(path, pos, offset);
          }
          pos = offset + match.length();
          if (match.equals("*")) {
            backtrack = "";
            extraOffset += 3;
            result = "(.*)";
          } else if (match.equals("/(")) {
            backtrack += "/";
            extraOffset += 2;
            result = "/(?:";
          } else {
            slash = slash == null ? "" : slash;
            format = format == null ? "" : "\\.";
            optional = optional == null ? "" : optional;
            capture =
                capture != null
                    ? replaceFirstEscapeOrStar(capture)
                    : !backtrack.isEmpty()
                        ? "((?:(?!/|" + backtrack + ").)+?)"
                        : "([^/" + format + "]+?)";
            keyNames.add(key);
            keyOffsets.add(offset + extraOffset);
            result =
                "(?:"
                    + format
                    + slash
                    + capture
                    + (star != null ? "((?:[/" + format + "].+?)?)" : "")
                    + ")"
                    + optional;
            backtrack = "";
            extraOffset += result.length() - match.length();
          }
        }
        replaced.append(path, copied, offset).append(result);
        copied = m.end();
      }
      replaced.append(path.substring(copied));
      String source = replaced.toString();

      int i = 0;
      int name = 0;
      Matcher group = MATCHING_GROUP.matcher(source);
      while (group.find()) {
        if (group.group().charAt(0) == '\\') {
          continue;
        }
        if (i == keyNames.size() || keyOffsets.get(i) > group.start()) {
          keyNames.add(i, String.valueOf(name++));
          keyOffsets.add(i, group.start());
        }
        i++;
      }
      source += !source.isEmpty() && source.charAt(source.length() - 1) == '/' ? "?" : "/?";
      source += "$";
      regexp = Pattern.compile("^" + source, Pattern.CASE_INSENSITIVE | Pattern.UNIX_LINES);
    }

    /** Layer.match: params from the groups, decoded; an undefined group never overwrites. */
    Object outcome(String path) {
      try {
        return match(path);
      } catch (IllegalArgumentException e) {
        return MALFORMED;
      }
    }

    private Map<String, String> match(String path) {
      Matcher m = regexp.matcher(path);
      if (!m.find()) {
        return null;
      }
      Map<String, String> params = new HashMap<>();
      for (int i = 1; i <= m.groupCount(); i++) {
        String value = m.group(i);
        if (value != null) {
          params.put(keyNames.get(i - 1), decodeUriComponent(value));
        }
      }
      return params;
    }

    private static String slice(String s, int from, int to) {
      return from < to ? s.substring(from, to) : "";
    }

    private static String replaceFirstEscapeOrStar(String capture) {
      Matcher m = Pattern.compile("\\\\.|\\*").matcher(capture);
      if (!m.find() || !m.group().equals("*")) {
        return capture;
      }
      return capture.substring(0, m.start()) + "(.*)" + capture.substring(m.end());
    }

    private static String decodeUriComponent(String value) {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }
}
