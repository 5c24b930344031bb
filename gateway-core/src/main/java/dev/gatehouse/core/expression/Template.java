package dev.gatehouse.core.expression;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.PolicyConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Text with {@code ${…}} parts, each a CEL expression over Express Gateway's context, as in the
 * {@code log} policy's {@code message} and rate-limit's {@code rateLimitBy}: {@code ${req.method}
 * ${req.originalUrl}}. Parts are compiled once, when the configuration loads.
 *
 * <p>A part renders as a JavaScript template literal would render its value ({@code null} as
 * {@code null}, 3.0 as {@code 3}, a list as its elements joined by commas), except that maps
 * render as JSON. {@code \${} is a literal {@code ${}. {@code $${…}} is read as {@code ${…}}: it is
 * how a configuration file keeps {@code ${requestID}} from environment-variable substitution,
 * which replaces {@code ${NAME}} before the file is parsed.
 *
 * <pre>{@code
 * Template key = Template.compile("${req.hostname}:${req.headers['x-api-key']}", "rateLimitBy");
 * String bucket = key.render(exchange);
 * }</pre>
 */
public final class Template {

  private final String source;
  private final String[] literals;
  private final Expression[] parts;

  private Template(String source, List<String> literals, List<Expression> parts) {
    this.source = source;
    this.literals = literals.toArray(String[]::new);
    this.parts = parts.toArray(Expression[]::new);
  }

  /**
   * Compiles a template.
   *
   * @param path where the template sits relative to the action, for the error report
   * @throws PolicyConfigException naming the part that is wrong, its column and the fix
   */
  public static Template compile(String source, String path) {
    try {
      return parse(source);
    } catch (CompileError e) {
      throw new PolicyConfigException(path, e.detail());
    }
  }

  static Template parse(String source) throws CompileError {
    List<String> literals = new ArrayList<>();
    List<Expression> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("\\${", i)) {
        literal.append("${");
        i += 3;
      } else if (source.startsWith("$${", i)) {
        i++;
      } else if (source.startsWith("${", i)) {
        int end = closingBrace(source, i + 2);
        if (end < 0) {
          throw new CompileError(
              "the ${ at column " + (i + 1) + " of " + Expression.quote(source) + " is not closed");
        }
        literals.add(literal.toString());
        literal.setLength(0);
        parts.add(part(source, i, end));
        i = end + 1;
      } else {
        literal.append(source.charAt(i++));
      }
    }
    literals.add(literal.toString());
    return new Template(source, literals, parts);
  }

  private static Expression part(String source, int start, int end) throws CompileError {
    String expression = source.substring(start + 2, end);
    try {
      return Expression.of(expression);
    } catch (CompileError e) {
      throw new CompileError(
          Expression.quote("${" + expression + "}")
              + " at column "
              + (start + 1)
              + " of the template: "
              + e.detail());
    }
  }

  /** The index of the {@code }} closing a part whose text starts at {@code from}, or -1. */
  private static int closingBrace(String source, int from) {
    int depth = 0;
    int i = from;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\'' || c == '"') {
        i = JavaScriptHints.skipString(source, i);
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
      i++;
    }
    return -1;
  }

  /** The template as configured. */
  public String source() {
    return source;
  }

  /** True when the template has no {@code ${…}} part: it always renders the same text. */
  public boolean isConstant() {
    return parts.length == 0;
  }

  /**
   * Renders the template for a request.
   *
   * @throws EvaluationException when a part fails (a missing header, a field of a null consumer)
   */
  public String render(EgContext context) {
    if (parts.length == 0) {
      return literals[0];
    }
    StringBuilder out = new StringBuilder(literals[0]);
    for (int i = 0; i < parts.length; i++) {
      String text = parts[i].evaluateText(context);
      out.append(text == null ? "null" : text).append(literals[i + 1]);
    }
    return out.toString();
  }

  /** {@link #render(EgContext)} in a fresh context of {@code exchange}. */
  public String render(Exchange exchange) {
    return render(EgContext.of(exchange));
  }

  @Override
  public String toString() {
    return "Template[" + source + "]";
  }
}
