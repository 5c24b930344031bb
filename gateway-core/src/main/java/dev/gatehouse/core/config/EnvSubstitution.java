package dev.gatehouse.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Express Gateway's environment substitution, applied to the raw text of a configuration file
 * before it is parsed (so {@code port: ${PORT:-8080}} becomes a number).
 *
 * <ul>
 *   <li>{@code ${NAME}} becomes the value of {@code NAME}; names are {@code [A-Za-z0-9_]+}.
 *   <li>{@code ${NAME:-default}} becomes the default only when {@code NAME} is unset: a variable
 *       set to the empty string still wins. The default runs to the first {@code }} on the line.
 *   <li>An unset variable with no (or an empty) default becomes the text {@code null} and a {@link
 *       Warning} with its line and column.
 *   <li>{@code $${NAME}} is an escape and is kept verbatim, both dollars included.
 * </ul>
 *
 * <pre>{@code
 * var result = new EnvSubstitution(Map.of("PORT", "9090")).apply("port: ${PORT:-8080}");
 * result.text();     // "port: 9090"
 * result.warnings(); // []
 * }</pre>
 */
public final class EnvSubstitution {

  /** EG's expression, {@code $?${NAME(:-default)?}}; the default does not cross a line break. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$?\\$\\{([A-Za-z0-9_]+)(:-(.*?))?\\}");

  private final Map<String, String> environment;

  /**
   * @param environment the variables to substitute, usually {@link System#getenv()}
   */
  public EnvSubstitution(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** Substitution from this process's environment. */
  public static EnvSubstitution fromSystemEnvironment() {
    return new EnvSubstitution(System.getenv());
  }

  /** Substitutes every placeholder in {@code text}. */
  public Result apply(String text) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    List<Warning> warnings = new ArrayList<>();
    List<Substitution> substitutions = new ArrayList<>();
    TextPositions positions = null;
    int copied = 0;
    while (matcher.find()) {
      String placeholder = matcher.group();
      if (placeholder.startsWith("$$")) {
        continue;
      }
      String name = matcher.group(1);
      String defaultValue = matcher.group(3);
      String value = environment.get(name);
      if (value == null && defaultValue != null && !defaultValue.isEmpty()) {
        value = defaultValue;
      }
      if (value == null) {
        if (positions == null) {
          positions = new TextPositions(text);
        }
        int at = matcher.start();
        warnings.add(new Warning(name, positions.line(at) + 1, positions.column(at) + 1));
        value = "null";
      }
      out.append(text, copied, matcher.start());
      int start = out.length();
      out.append(value);
      substitutions.add(
          new Substitution(name, matcher.start(), matcher.end(), start, out.length()));
      copied = matcher.end();
    }
    out.append(text, copied, text.length());
    return new Result(out.toString(), warnings, substitutions);
  }

  /**
   * The substituted text and what happened on the way.
   *
   * @param text the text to parse
   * @param warnings unset variables that became {@code null}, in order of appearance
   * @param substitutions every placeholder replaced, in order; lets positions in {@code text} be
   *     traced back to the original file
   */
  public record Result(String text, List<Warning> warnings, List<Substitution> substitutions) {

    public Result {
      Objects.requireNonNull(text, "text");
      warnings = List.copyOf(warnings);
      substitutions = List.copyOf(substitutions);
    }

    /** The unchanged text of a file without placeholders. */
    public static Result unchanged(String text) {
      return new Result(text, List.of(), List.of());
    }

    /**
     * The character offset in the original text that produced {@code offset} in {@link #text()}. A
     * character inside a substituted value maps to the start of its placeholder.
     */
    public int originalOffset(int offset) {
      int shift = 0;
      for (Substitution substitution : substitutions) {
        if (offset < substitution.start()) {
          break;
        }
        if (offset < substitution.end()) {
          return substitution.originalStart();
        }
        shift = substitution.originalEnd() - substitution.end();
      }
      return offset + shift;
    }
  }

  /**
   * An unset variable without a default, substituted with {@code null}.
   *
   * @param variable the variable's name
   * @param line 1-based line of the placeholder in the original text
   * @param column 1-based column of the placeholder
   */
  public record Warning(String variable, int line, int column) {

    /** What an operator reads. */
    public String message() {
      return "environment variable '"
          + variable
          + "' is not set and has no default; substituted null";
    }
  }

  /**
   * One replaced placeholder; offsets are character offsets, ends exclusive.
   *
   * @param variable the variable's name
   * @param originalStart where the placeholder starts in the original text
   * @param originalEnd where it ends in the original text
   * @param start where the substituted value starts in the result
   * @param end where it ends in the result
   */
  public record Substitution(
      String variable, int originalStart, int originalEnd, int start, int end) {}
}
