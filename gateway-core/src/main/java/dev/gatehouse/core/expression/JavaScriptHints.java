package dev.gatehouse.core.expression;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains, for a source text CEL refused, which parts are Express Gateway JavaScript and what to
 * write instead. Express Gateway ran these values as JavaScript, so a configuration moving over may
 * hold statements, assignments and JavaScript's library; each gets a hint naming the CEL equivalent
 * or, where no expression can do it (changing the request), the policy that can.
 */
final class JavaScriptHints {

  static final String CHANGES_REQUEST =
      "an expression cannot change the request; the request-transformer policy changes headers"
          + " and the body, the rewrite policy changes the URL";

  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");

  /** JavaScript keywords CEL does not have. */
  private static final Map<String, String> KEYWORDS =
      Map.ofEntries(
          Map.entry("function", "functions cannot be declared; an expression is one value"),
          Map.entry("var", "variables cannot be declared; an expression is one value"),
          Map.entry("let", "variables cannot be declared; an expression is one value"),
          Map.entry("const", "variables cannot be declared; an expression is one value"),
          Map.entry("return", "there are no statements; write the value itself"),
          Map.entry("if", "there are no statements; write cond ? a : b"),
          Map.entry("for", "there are no loops; use list.exists(x, …), all, map or filter"),
          Map.entry("while", "there are no loops; use list.exists(x, …), all, map or filter"),
          Map.entry(
              "new",
              "CEL builds values with literals ([…], {…}) and timestamp('…') or duration('…')"),
          Map.entry("typeof", "compare type(x) == string"),
          Map.entry("delete", CHANGES_REQUEST));

  /**
   * JavaScript globals, hinted when CEL reports them as undeclared, or when it could not parse the
   * source far enough to say.
   */
  private static final Map<String, String> GLOBALS =
      Map.ofEntries(
          Map.entry(
              "undefined",
              "test presence with 'name' in req.headers or has(x.field), or read with a default:"
                  + " req.headers[?'name'].orValue('')"),
          Map.entry("this", "name the variable: req, consumer, apiEndpoint, requestID"),
          Map.entry("JSON", "maps and lists are values in CEL; there is no JSON object"),
          Map.entry("Math", "use math.greatest, math.least, math.ceil, math.floor…"),
          Map.entry("Date", "use timestamp('2024-01-01T00:00:00Z') and duration('1h')"),
          Map.entry("parseInt", "write int(x)"),
          Map.entry("parseFloat", "write double(x)"),
          Map.entry("Number", "write int(x) or double(x)"),
          Map.entry("String", "write string(x)"),
          Map.entry("Boolean", "write bool(x) or compare explicitly"),
          Map.entry(
              "res", "the response is not available; response-transformer changes responses"));

  /** Node.js names that would escape a sandbox. */
  private static final Set<String> NODE =
      Set.of(
          "process",
          "require",
          "global",
          "globalThis",
          "module",
          "console",
          "Buffer",
          "eval",
          "setTimeout",
          "setInterval",
          "Function",
          "window",
          "import");

  /** JavaScript and Express methods, hinted like the globals when they are called. */
  private static final Map<String, String> METHODS =
      Map.ofEntries(
          Map.entry("toLowerCase", "write x.lowerAscii()"),
          Map.entry("toUpperCase", "write x.upperAscii()"),
          Map.entry("includes", "write x.contains(y) for text, y in x for a list"),
          Map.entry("match", "write x.matches('regex')"),
          Map.entry("test", "write x.matches('regex')"),
          Map.entry("substr", "write x.substring(start, end)"),
          Map.entry("slice", "write x.substring(start, end)"),
          Map.entry("toString", "write string(x)"),
          Map.entry("trimStart", "write x.trim()"),
          Map.entry("trimEnd", "write x.trim()"),
          Map.entry("replaceAll", "write x.replace(a, b)"),
          Map.entry("some", "write list.exists(x, …)"),
          Map.entry("every", "write list.all(x, …)"),
          Map.entry("find", "write list.filter(x, …)[0]"),
          Map.entry("forEach", "write list.map(x, …)"),
          Map.entry("keys", "write m.map(k, k) for the keys of a map"),
          Map.entry("get", "write req.headers['name'], in lower case"),
          Map.entry("header", "write req.headers['name'], in lower case"));

  private JavaScriptHints() {}

  /**
   * Hints for {@code source}, which CEL refused with {@code celErrors}; empty when nothing in it
   * looks like JavaScript.
   */
  static Optional<String> explain(String source, List<String> celErrors) {
    Set<String> undeclared = undeclared(celErrors);
    Scan scan = new Scan(source, undeclared);
    scan.run();
    if (scan.hints.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("JavaScript, not CEL: " + String.join("; ", scan.hints));
  }

  private static Set<String> undeclared(List<String> celErrors) {
    Set<String> names = new LinkedHashSet<>();
    for (String error : celErrors) {
      Matcher matcher = UNDECLARED.matcher(error);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /** One pass over the source, outside string literals. */
  private static final class Scan {
    private final String source;
    private final Set<String> undeclared;
    private final Set<String> hints = new LinkedHashSet<>();
    private int pos;
    private char previous = ' ';

    Scan(String source, Set<String> undeclared) {
      this.source = source;
      this.undeclared = undeclared;
    }

    void run() {
      while (pos < source.length()) {
        char c = source.charAt(pos);
        if (c == '\'' || c == '"') {
          pos = skipString(source, pos);
          previous = c;
        } else if (Character.isJavaIdentifierStart(c)) {
          word();
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else {
          operator(c);
          previous = c;
        }
      }
    }

    private void word() {
      int end = pos;
      while (end < source.length() && Character.isJavaIdentifierPart(source.charAt(end))) {
        end++;
      }
      String word = source.substring(pos, end);
      boolean member = previous == '.';
      pos = end;
      previous = 'a';
      boolean known = undeclared.contains(word) || undeclared.isEmpty();
      if (member) {
        if (known && METHODS.containsKey(word) && nextIs('(')) {
          hint("." + word + "()", METHODS.get(word));
        }
        return;
      }
      if (KEYWORDS.containsKey(word)) {
        hint(word, KEYWORDS.get(word));
      } else if (NODE.contains(word)) {
        hint(
            word,
            "Node.js is not available; expressions see only req, consumer, apiEndpoint,"
                + " requestID and egContext");
      } else if (known && GLOBALS.containsKey(word)) {
        hint(word, GLOBALS.get(word));
      }
    }

    private void operator(char c) {
      if (c == '`') {
        hints.add(
            "template literals (`…`): log messages and rateLimitBy take ${…} without"
                + " backticks; elsewhere join text with +");
        pos++;
      } else if (at("===") || at("!==")) {
        String op = source.substring(pos, pos + 3);
        hint(op, "write " + op.substring(0, 2) + " (CEL never converts types when comparing)");
        pos += 3;
      } else if (at("=>")) {
        hint("=>", "there are no functions; use macros such as list.exists(x, x > 1)");
        pos += 2;
      } else if (at("==") || at("!=") || at("<=") || at(">=") || at("&&") || at("||")) {
        pos += 2;
      } else if (at("??")) {
        hint("??", "write req.headers[?'name'].orValue('default')");
        pos += 2;
      } else if (at("?.")) {
        hint("?.", "write x.?field.orValue(default)");
        pos += 2;
      } else if (at("++") || at("--") || compoundAssignment()) {
        hint(source.substring(pos, pos + 2), CHANGES_REQUEST);
        pos += 2;
      } else if (c == '=') {
        hint("=", CHANGES_REQUEST + "; to compare, write ==");
        pos++;
      } else if (c == ';') {
        hint(";", "there are no statements; an expression is one value");
        pos++;
      } else if (c == '/' && startsRegexLiteral()) {
        hint("/regex/", "write x.matches('regex')");
        pos = skipRegex(pos);
      } else {
        pos++;
      }
    }

    private boolean nextIs(char expected) {
      int i = pos;
      while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
        i++;
      }
      return i < source.length() && source.charAt(i) == expected;
    }

    private void hint(String construct, String advice) {
      hints.add("`" + construct + "`: " + advice);
    }

    private boolean compoundAssignment() {
      return pos + 1 < source.length()
          && source.charAt(pos + 1) == '='
          && "+-*/%".indexOf(source.charAt(pos)) >= 0;
    }

    /** A slash where a value starts (not after a value) opens a JavaScript regex literal. */
    private boolean startsRegexLiteral() {
      return "(,=:[!&|?{};+ ".indexOf(previous) >= 0;
    }

    private int skipRegex(int start) {
      int i = start + 1;
      while (i < source.length() && source.charAt(i) != '/') {
        i += source.charAt(i) == '\\' ? 2 : 1;
      }
      return Math.min(i + 1, source.length());
    }

    private boolean at(String token) {
      return source.startsWith(token, pos);
    }
  }

  /** The index just past the string literal that starts at {@code start} (quote included). */
  static int skipString(String source, int start) {
    char quote = source.charAt(start);
    String triple = String.valueOf(quote).repeat(3);
    if (source.startsWith(triple, start)) {
      int end = source.indexOf(triple, start + 3);
      return end < 0 ? source.length() : end + 3;
    }
    int i = start + 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return source.length();
  }
}
