package dev.gatehouse.core.expression;

import dev.cel.common.CelErrorCode;
import dev.cel.common.types.CelKind;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.gatehouse.api.PolicyConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CEL expression over Express Gateway's context ({@code req}, {@code consumer}, {@code
 * apiEndpoint}, {@code requestID}, {@code egContext}), compiled once when the configuration loads
 * and evaluated per request.
 *
 * <p>Compiling parses and type-checks the source and checks it against the context; anything wrong,
 * JavaScript that Express Gateway would have run included, is a {@link PolicyConfigException} that
 * names the replacement. Evaluating is side-effect free and bounded (see {@code
 * docs/expressions.md}); a failure is an {@link EvaluationException}, which the caller turns into
 * Express Gateway's outcome (a condition is false, a template is skipped).
 *
 * <pre>{@code
 * Expression admin = Expression.compileCondition("'admin' in consumer.scopes", "expression");
 * boolean holds = admin.test(EgContext.of(exchange));
 * }</pre>
 */
public final class Expression {

  private static final Pattern CEL_LOCATION =
      Pattern.compile("^evaluation error at <input>:(\\d+): ");

  private static final int SHOWN_SOURCE = 80;

  private final String source;
  private final CelRuntime.Program program;
  private final CelKind resultKind;

  private Expression(String source, ExpressionCompiler.Compiled compiled) {
    this.source = source;
    this.program = compiled.program();
    this.resultKind = compiled.resultKind();
  }

  /**
   * Compiles an expression of any type.
   *
   * @param path where the source sits relative to the action or condition (e.g. {@code
   *     forwardHeaders.id}), for the error report
   * @throws PolicyConfigException when the source is not a valid expression over the context
   */
  public static Expression compile(String source, String path) {
    return compile(source, path, false);
  }

  /**
   * Compiles an expression that must yield a bool: one the checker knows is of another type is an
   * error; one of dynamic type (a consumer property) is checked when evaluated.
   */
  public static Expression compileCondition(String source, String path) {
    Expression expression = compile(source, path, true);
    if (expression.resultKind != CelKind.BOOL && expression.resultKind != CelKind.DYN) {
      throw new PolicyConfigException(
          path,
          quote(source)
              + ": a condition must be a bool, and this is "
              + expression.resultKind.name().toLowerCase(java.util.Locale.ROOT)
              + "; compare it, e.g. req.method == 'GET' or 'x-api-key' in req.headers");
    }
    return expression;
  }

  private static Expression compile(String source, String path, boolean condition) {
    try {
      return new Expression(source, ExpressionCompiler.compile(source, condition));
    } catch (CompileError e) {
      throw new PolicyConfigException(path, quote(source) + ": " + e.detail());
    }
  }

  static Expression of(String source) throws CompileError {
    return new Expression(source, ExpressionCompiler.compile(source, false));
  }

  /** The source as configured. */
  public String source() {
    return source;
  }

  /**
   * Evaluates to a plain Java value: {@code null}, {@link String}, {@link Long}, {@link Double},
   * {@link Boolean}, {@code byte[]}, {@link java.time.Instant}, {@link java.time.Duration}, or a
   * {@link java.util.List} or {@link java.util.Map} of these.
   */
  public Object evaluate(EgContext context) {
    return CelValues.toJava(evaluateCel(context));
  }

  /** True when the expression yields {@code true}; fails when it yields something not a bool. */
  public boolean test(EgContext context) {
    Object result = evaluateCel(context);
    if (result instanceof Boolean bool) {
      return bool;
    }
    throw new EvaluationException(
        quote(source) + ": yields " + describeType(result) + ", not a bool");
  }

  /**
   * The value as text, the way a JavaScript template literal shows it ({@code 3} for 3.0, lists
   * joined with commas, maps as JSON), or {@code null} when the value is {@code null}.
   */
  public String evaluateText(EgContext context) {
    Object result = evaluateCel(context);
    if (result instanceof String text) {
      return text;
    }
    Object plain = CelValues.toJava(result);
    return plain == null ? null : CelValues.text(plain);
  }

  /**
   * The value as Vert.x JSON accepts it: {@link io.vertx.core.json.JsonObject} and {@link
   * io.vertx.core.json.JsonArray} for maps and lists, bytes in base64.
   */
  public Object evaluateJson(EgContext context) {
    return CelValues.json(CelValues.toJava(evaluateCel(context)));
  }

  private Object evaluateCel(EgContext context) {
    Object result;
    try {
      result = program.eval(context.resolver());
    } catch (CelEvaluationException e) {
      throw new EvaluationException(quote(source) + ": " + describe(e, source));
    } catch (RuntimeException e) {
      throw new EvaluationException(quote(source) + ": " + e);
    }
    if (result instanceof dev.cel.runtime.CelUnknownSet) {
      throw new EvaluationException(quote(source) + ": a value of the context is unknown");
    }
    return result;
  }

  /** CEL's evaluation error without its internal location, with a column into the source. */
  static String describe(CelEvaluationException e, String source) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String at = "";
    Matcher location = CEL_LOCATION.matcher(message);
    if (location.find()) {
      message = message.substring(location.end());
      at = position(source, Integer.parseInt(location.group(1)));
    }
    if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND && !message.contains(" ")) {
      message = "no key '" + message + "' in the map";
    }
    return ExpressionCompiler.clean(message) + at;
  }

  private static String position(String source, int offset) {
    if (offset < 0 || offset > source.length()) {
      return "";
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return ContextChecks.Positions.at(line, offset - lineStart + 1);
  }

  private static String describeType(Object value) {
    Object plain = CelValues.toJava(value);
    if (plain == null) {
      return "null";
    }
    if (plain instanceof String) {
      return "a string";
    }
    if (plain instanceof Long || plain instanceof java.math.BigInteger) {
      return "an int";
    }
    if (plain instanceof Double) {
      return "a double";
    }
    if (plain instanceof java.util.List) {
      return "a list";
    }
    return plain instanceof java.util.Map ? "a map" : "a " + plain.getClass().getSimpleName();
  }

  /** The source in backticks, shortened when long, for messages. */
  static String quote(String source) {
    String shown =
        source.length() <= SHOWN_SOURCE ? source : source.substring(0, SHOWN_SOURCE - 1) + "…";
    return "`" + shown + "`";
  }

  @Override
  public String toString() {
    return "Expression[" + source + "]";
  }
}
