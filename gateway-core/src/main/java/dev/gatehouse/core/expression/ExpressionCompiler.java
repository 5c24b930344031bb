package dev.gatehouse.core.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelListsExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelRuntimeLibrary;
import dev.cel.runtime.CelStandardFunctions;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gatehouse's CEL environment: the Express Gateway context declared as variables, the standard
 * library with the strings, math, lists, sets, encoders and optional extensions, and the limits
 * that bound every evaluation. It compiles (parses, type-checks, checks against the context) once
 * per expression at load time; the programs it makes are immutable and shared by all event loops.
 */
final class ExpressionCompiler {

  /** The longest expression accepted, in code points. */
  static final int MAX_LENGTH = 4096;

  /** The most syntax-tree nodes in one expression. */
  static final int MAX_NODES = 1000;

  /** The deepest nesting of one expression. */
  static final int MAX_DEPTH = 32;

  /**
   * The most iterations of all comprehensions ({@code exists}, {@code all}, {@code map}, {@code
   * filter}) together in one evaluation: with linear-time functions and RE2 regular expressions,
   * this bounds an evaluation's cost.
   */
  static final int MAX_ITERATIONS = 1000;

  /** The largest RE2 program a regular expression may compile to. */
  static final int MAX_REGEX_PROGRAM_SIZE = 5000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .maxExpressionCodePointSize(MAX_LENGTH)
          .maxParseExpressionNodeCount(MAX_NODES)
          .maxParseRecursionDepth(MAX_DEPTH)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .enableOptionalSyntax(true)
          .build();

  /**
   * Parts of CEL's messages that are internals or may hold request values, and what replaces them.
   */
  private static final Pattern[] NOISE = {
    Pattern.compile(" \\(candidates: .*\\)$"),
    Pattern.compile("\\. Overload candidates: .*$"),
    Pattern.compile("found: .*$"),
    Pattern.compile("For input string: .*$"),
    Pattern.compile(" expecting \\{.*\\}"),
    Pattern.compile("mismatched input '<EOF>'")
  };

  private static final String[] NOISE_REPLACEMENTS = {
    "", "", "found another type", "not a number", "", "the expression ends too early"
  };

  /** CEL's internal operator names, {@code '_+_'}. */
  private static final Pattern OPERATOR = Pattern.compile("'_([^_']+)_'");

  private static final MapType MAP_OF_DYN = MapType.create(SimpleType.STRING, SimpleType.DYN);

  // lists.range() is left out: it builds a list of any length without iterating.
  private static final CelListsExtensions LISTS =
      CelExtensions.lists(
          CelListsExtensions.Function.SLICE,
          CelListsExtensions.Function.FLATTEN,
          CelListsExtensions.Function.DISTINCT,
          CelListsExtensions.Function.REVERSE,
          CelListsExtensions.Function.SORT);

  /** The extension libraries; each is both the compiler's and the runtime's half. */
  private static final List<Object> EXTENSIONS =
      List.of(
          CelExtensions.strings(),
          CelExtensions.math(OPTIONS),
          LISTS,
          CelExtensions.sets(OPTIONS),
          CelExtensions.encoders(),
          CelExtensions.optional());

  private static final Cel CEL =
      CelFactory.combine(
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(OPTIONS)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addVar("req", MAP_OF_DYN)
              .addVar("consumer", SimpleType.DYN)
              .addVar("apiEndpoint", MAP_OF_DYN)
              .addVar("requestID", SimpleType.STRING)
              .addVar("egContext", MAP_OF_DYN)
              .addLibraries(EXTENSIONS.stream().map(CelCompilerLibrary.class::cast).toList())
              .build(),
          CelRuntimeFactory.standardCelRuntimeBuilder()
              .setOptions(OPTIONS)
              // The standard library but its matches(), replaced by one that keeps its patterns.
              .setStandardEnvironmentEnabled(false)
              .setStandardFunctions(
                  CelStandardFunctions.newBuilder()
                      .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
                      .build())
              .addFunctionBindings(
                  CelFunctionBinding.from("matches", String.class, String.class, Regexes::matches),
                  CelFunctionBinding.from(
                      "matches_string", String.class, String.class, Regexes::matches))
              .addLibraries(EXTENSIONS.stream().map(CelRuntimeLibrary.class::cast).toList())
              .build());

  static {
    warmUp();
  }

  private ExpressionCompiler() {}

  /** A compiled expression: its program and the type the checker inferred. */
  record Compiled(CelRuntime.Program program, CelKind resultKind) {}

  /**
   * Parses, type-checks and checks {@code source} against the context.
   *
   * @param condition true when the value is tested as a condition: a part of the context that is
   *     never a bool (JavaScript truthiness) is then an error
   * @throws CompileError what is wrong and what to write instead
   */
  static Compiled compile(String source, boolean condition) throws CompileError {
    if (source.isBlank()) {
      throw new CompileError("the expression is empty");
    }
    if (source.codePointCount(0, source.length()) > MAX_LENGTH) {
      throw new CompileError("the expression is longer than " + MAX_LENGTH + " characters");
    }
    CelValidationResult result = CEL.compile(source);
    if (result.hasError()) {
      throw new CompileError(explain(source, result.getErrors()));
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      throw new CompileError(e.getMessage());
    }
    ContextChecks.check(ast, ExpressionCompiler::regexProblem, condition);
    try {
      return new Compiled(CEL.createProgram(ast), ast.getResultType().kind());
    } catch (CelEvaluationException e) {
      throw new CompileError("the expression cannot run: " + e.getMessage());
    }
  }

  /** JavaScript hints when the source looks like JavaScript, else CEL's first error. */
  private static String explain(String source, List<CelIssue> errors) {
    List<String> messages = errors.stream().map(CelIssue::getMessage).toList();
    Optional<String> hints = JavaScriptHints.explain(source, messages);
    if (hints.isPresent()) {
      return hints.get();
    }
    if (source.strip().matches("[A-Za-z_][A-Za-z0-9_]*")
        && !EgContext.VARIABLES.contains(source.strip())) {
      return "unknown name '"
          + source.strip()
          + "'; values are expressions, so text is quoted: '"
          + source.strip()
          + "'";
    }
    CelIssue first = errors.get(0);
    return clean(first.getMessage())
        + ContextChecks.Positions.at(
            first.getSourceLocation().getLine(), first.getSourceLocation().getColumn() + 1);
  }

  /**
   * CEL's message without internals (container names, overload candidates, operator names) and
   * without values from the request, which may be personal data or credentials.
   */
  static String clean(String message) {
    String cleaned = message.replace(" (in container '')", "");
    for (int i = 0; i < NOISE.length; i++) {
      cleaned = NOISE[i].matcher(cleaned).replaceAll(NOISE_REPLACEMENTS[i]);
    }
    cleaned = OPERATOR.matcher(cleaned).replaceAll("'$1'");
    cleaned =
        cleaned
            .replace("'!_'", "'!'")
            .replace("'-_'", "'-'")
            .replace("undeclared reference to", "unknown name");
    if (cleaned.endsWith(".")) {
      cleaned = cleaned.substring(0, cleaned.length() - 1);
    }
    if (cleaned.contains("applied to '(string, ") || cleaned.contains(", string)'")) {
      cleaned += " (to join text and a number, write 'n=' + string(n))";
    }
    return cleaned;
  }

  /** Compiles a constant pattern as evaluation will (and keeps it for evaluation). */
  private static Optional<String> regexProblem(String pattern) {
    try {
      Regexes.matches("", pattern);
      return Optional.empty();
    } catch (CelEvaluationException e) {
      return Optional.of("does not compile: " + e.getMessage());
    }
  }

  /**
   * Runs an evaluation that succeeds and one that fails while the configuration loads, so that the
   * interpreter's classes are loaded then and not by the first request, on an event loop.
   */
  private static void warmUp() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("host", "localhost");
    Map<String, Object> request =
        new LazyMap(
            List.of("method", "url", "headers"),
            field ->
                switch (field) {
                  case "headers" -> new HeadersView(headers);
                  case "url" -> "/";
                  default -> "GET";
                });
    for (String source :
        List.of(
            "req.method == 'GET' && 'host' in req.headers && req.url.startsWith('/')"
                + " && [1].exists(x, x == 1) && req.headers[?'x'].orValue('') == ''",
            "req.headers['missing'] == 'x'")) {
      try {
        Object result =
            CEL.createProgram(CEL.compile(source).getAst()).eval(Map.of("req", request));
        CelValues.text(CelValues.toJava(result));
      } catch (CelEvaluationException e) {
        Expression.describe(e, source);
      } catch (CelValidationException e) {
        throw new IllegalStateException("the warm-up expression does not compile", e);
      }
    }
  }
}
