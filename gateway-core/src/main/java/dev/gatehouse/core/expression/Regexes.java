package dev.gatehouse.core.expression;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.runtime.CelEvaluationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL's {@code matches} with compiled patterns kept: CEL's own compiles its RE2 pattern on every
 * call, which costs more than the rest of a typical condition. Patterns are almost always constants
 * of the configuration, so the cache stays small; it stops growing at {@link #MAX_CACHED} patterns
 * (patterns built from request data are then compiled per call).
 */
final class Regexes {

  static final int MAX_CACHED = 1024;

  /** Shared by every event loop: a concurrent map, read without locks. */
  private static final ConcurrentHashMap<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private Regexes() {}

  /** True when {@code regex} is found in {@code text} (CEL's unanchored semantics). */
  static boolean matches(String text, String regex) throws CelEvaluationException {
    return compiled(regex).matcher(text).find();
  }

  private static Pattern compiled(String regex) throws CelEvaluationException {
    Pattern pattern = COMPILED.get(regex);
    if (pattern != null) {
      return pattern;
    }
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new CelEvaluationException(e.getMessage());
    }
    if (pattern.programSize() > ExpressionCompiler.MAX_REGEX_PROGRAM_SIZE) {
      throw new CelEvaluationException(
          "the regular expression compiles to "
              + pattern.programSize()
              + " instructions, more than the "
              + ExpressionCompiler.MAX_REGEX_PROGRAM_SIZE
              + " allowed");
    }
    if (COMPILED.size() < MAX_CACHED) {
      COMPILED.putIfAbsent(regex, pattern);
    }
    return pattern;
  }
}
