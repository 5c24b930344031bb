package dev.gatehouse.core.expression;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSource;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelCall;
import dev.cel.common.ast.CelExpr.CelComprehension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Load-time checks the type checker cannot make, because the context is declared as maps of {@code
 * dyn}: that {@code req.x} and {@code egContext.x} name real fields, that header names are
 * lower-case (as Node.js and {@code req.headers} have them), that JavaScript's {@code .length} is
 * not used where CEL has {@code size()}, and that constant regular expressions compile. Each of
 * these would otherwise fail on every request instead of once, at load.
 */
final class ContextChecks {

  private static final Set<String> INDEX_FUNCTIONS = Set.of("_[_]", "_[?_]", "_?._");

  /** Operators whose operands JavaScript would test for truthiness. */
  private static final Set<String> LOGICAL = Set.of("_&&_", "_||_", "!_", "_?_:_");

  private static final Set<String> KEYED_FIELDS = Set.of("headers", "query", "params");

  /** Fields of {@code req} that hold text, where {@code .length} must be {@code size()}. */
  private static final Set<String> TEXT_FIELDS =
      Set.of("method", "url", "originalUrl", "path", "ip", "hostname", "host", "protocol");

  private final CelAbstractSyntaxTree ast;
  private final Function<String, Optional<String>> regexProblem;

  private ContextChecks(
      CelAbstractSyntaxTree ast, Function<String, Optional<String>> regexProblem) {
    this.ast = ast;
    this.regexProblem = regexProblem;
  }

  /**
   * Checks a type-checked expression.
   *
   * @param regexProblem why a regular expression does not compile, or empty when it does
   * @throws CompileError naming the first problem and where it is
   */
  static void check(
      CelAbstractSyntaxTree ast, Function<String, Optional<String>> regexProblem, boolean condition)
      throws CompileError {
    ContextChecks checks = new ContextChecks(ast, regexProblem);
    if (condition) {
      checks.checkTruthiness(ast.getExpr(), Set.of());
    }
    checks.walk(ast.getExpr(), Set.of());
  }

  private void walk(CelExpr expr, Set<String> shadowed) throws CompileError {
    checkPath(expr, shadowed);
    switch (expr.getKind()) {
      case SELECT -> walk(expr.select().operand(), shadowed);
      case CALL -> {
        CelCall call = expr.call();
        if (call.target().isPresent()) {
          walk(call.target().get(), shadowed);
        }
        for (CelExpr arg : call.args()) {
          walk(arg, shadowed);
        }
        checkRegex(expr);
        if (LOGICAL.contains(call.function())) {
          boolean both = call.function().equals("_&&_") || call.function().equals("_||_");
          for (int i = 0; i < (both ? 2 : 1); i++) {
            checkTruthiness(call.args().get(i), shadowed);
          }
        }
      }
      case LIST -> {
        for (CelExpr element : expr.list().elements()) {
          walk(element, shadowed);
        }
      }
      case MAP -> {
        for (CelExpr.CelMap.Entry entry : expr.map().entries()) {
          walk(entry.key(), shadowed);
          walk(entry.value(), shadowed);
        }
      }
      case STRUCT -> {
        for (CelExpr.CelStruct.Entry entry : expr.struct().entries()) {
          walk(entry.value(), shadowed);
        }
      }
      case COMPREHENSION -> walkComprehension(expr.comprehension(), shadowed);
      default -> {}
    }
  }

  private void walkComprehension(CelComprehension loop, Set<String> shadowed) throws CompileError {
    walk(loop.iterRange(), shadowed);
    walk(loop.accuInit(), shadowed);
    Set<String> inner = new HashSet<>(shadowed);
    inner.add(loop.iterVar());
    inner.add(loop.iterVar2());
    inner.add(loop.accuVar());
    walk(loop.loopCondition(), inner);
    walk(loop.loopStep(), inner);
    walk(loop.result(), inner);
  }

  /** Checks the last step of a constant path into the context, such as {@code req.headers.x}. */
  private void checkPath(CelExpr expr, Set<String> shadowed) throws CompileError {
    List<String> path = path(expr, shadowed);
    if (path == null || path.size() < 2) {
      return;
    }
    if (path.get(0).equals("egContext")) {
      if (path.size() == 2 && !EgContext.CONTEXT_FIELDS.contains(path.get(1))) {
        throw problem(
            expr,
            "egContext has no field '" + path.get(1) + "'",
            "it has " + String.join(", ", EgContext.CONTEXT_FIELDS));
      }
      path = path.subList(1, path.size());
      if (path.size() < 2) {
        return;
      }
    }
    String root = path.get(0);
    String last = path.get(path.size() - 1);
    boolean field = expr.getKind() == CelExpr.ExprKind.Kind.SELECT;
    if (root.equals("req") && path.size() == 2 && !EgContext.REQUEST_FIELDS.contains(last)) {
      throw problem(expr, "req has no field '" + last + "'", requestFieldAdvice(last));
    }
    if (root.equals("req") && path.size() == 3 && path.get(1).equals("headers")) {
      if (!HeadersView.isLowerCase(last)) {
        throw problem(
            expr,
            "the header name '" + last + "' is not lower-case",
            "req.headers has lower-case names, as in Express Gateway; write req.headers['"
                + last.toLowerCase(java.util.Locale.ROOT)
                + "']");
      }
    }
    if (field && last.equals("length") && isText(path.subList(0, path.size() - 1))) {
      throw problem(expr, "x.length is JavaScript", "write size(x)");
    }
  }

  /**
   * A part of the context that is never a bool, used where JavaScript tests truthiness ({@code
   * req.user && …}, {@code !req.headers['x']}): CEL has no truthiness, so it would fail on every
   * request.
   */
  private void checkTruthiness(CelExpr expr, Set<String> shadowed) throws CompileError {
    List<String> path = path(expr, shadowed);
    if (path == null) {
      return;
    }
    if (path.get(0).equals("egContext") && path.size() > 1) {
      path = path.subList(1, path.size());
    }
    String shown = display(path);
    String root = path.get(0);
    boolean whole = path.size() == 1 && !root.equals("egContext");
    boolean requestField = root.equals("req") && path.size() == 2;
    boolean keyed = root.equals("req") && path.size() == 3 && KEYED_FIELDS.contains(path.get(1));
    if (!whole && !requestField && !keyed) {
      return;
    }
    String advice;
    if (keyed) {
      advice = "write '" + path.get(2) + "' in " + display(path.subList(0, 2));
    } else if (root.equals("consumer") || (requestField && path.get(1).equals("user"))) {
      advice = "write " + shown + " != null";
    } else {
      advice = "compare it, e.g. size(" + shown + ") > 0";
    }
    throw problem(expr, shown + " is not a bool, and CEL has no JavaScript truthiness", advice);
  }

  /** A path as it would be written: {@code req.headers['x-api-key']}. */
  private static String display(List<String> path) {
    StringBuilder out = new StringBuilder(path.get(0));
    for (String segment : path.subList(1, path.size())) {
      if (segment.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        out.append('.').append(segment);
      } else {
        out.append("['").append(segment).append("']");
      }
    }
    return out.toString();
  }

  private static boolean isText(List<String> path) {
    return path.equals(List.of("requestID"))
        || (path.size() == 2 && path.get(0).equals("req") && TEXT_FIELDS.contains(path.get(1)))
        || (path.size() == 3 && path.get(0).equals("req") && path.get(1).equals("headers"));
  }

  private static String requestFieldAdvice(String name) {
    String fields = "it has " + String.join(", ", EgContext.REQUEST_FIELDS);
    return switch (name) {
      case "body" -> "request-transformer and response-transformer change bodies; " + fields;
      case "cookies" -> "read req.headers.cookie; " + fields;
      case "secure" -> "compare req.protocol == 'https'; " + fields;
      default -> fields;
    };
  }

  /**
   * The constant path of {@code expr} into the context ({@code [req, headers, x-api-key]}), or null
   * when it is not one: a comprehension variable, a computed key.
   */
  private static List<String> path(CelExpr expr, Set<String> shadowed) {
    switch (expr.getKind()) {
      case IDENT -> {
        String name = expr.ident().name();
        if (shadowed.contains(name) || !EgContext.VARIABLES.contains(name)) {
          return null;
        }
        List<String> path = new ArrayList<>(4);
        path.add(name);
        return path;
      }
      case SELECT -> {
        List<String> path = path(expr.select().operand(), shadowed);
        if (path != null) {
          path.add(expr.select().field());
        }
        return path;
      }
      case CALL -> {
        CelCall call = expr.call();
        if (!INDEX_FUNCTIONS.contains(call.function()) || call.args().size() != 2) {
          return null;
        }
        String key = constantString(call.args().get(1));
        List<String> path = key == null ? null : path(call.args().get(0), shadowed);
        if (path != null) {
          path.add(key);
        }
        return path;
      }
      default -> {
        return null;
      }
    }
  }

  /** A constant regular expression given to {@code matches} must compile. */
  private void checkRegex(CelExpr expr) throws CompileError {
    CelCall call = expr.call();
    if (!call.function().equals("matches") || call.args().isEmpty()) {
      return;
    }
    String pattern = constantString(call.args().get(call.args().size() - 1));
    if (pattern == null) {
      return;
    }
    Optional<String> problem = regexProblem.apply(pattern);
    if (problem.isPresent()) {
      throw problem(expr, "the regular expression '" + pattern + "' " + problem.get(), "");
    }
  }

  private static String constantString(CelExpr expr) {
    if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
      return null;
    }
    CelConstant constant = expr.constant();
    return constant.getKind() == CelConstant.Kind.STRING_VALUE ? constant.stringValue() : null;
  }

  private CompileError problem(CelExpr expr, String headline, String advice) {
    String at = Positions.of(ast.getSource(), expr.id());
    return new CompileError(headline + at + (advice.isEmpty() ? "" : ": " + advice));
  }

  /** Where a node of the source is, as {@code " at column 5"}. */
  static final class Positions {
    private Positions() {}

    static String of(CelSource source, long id) {
      Integer offset = source.getPositionsMap().get(id);
      if (offset == null) {
        return "";
      }
      return source
          .getOffsetLocation(offset)
          .map(location -> at(location.getLine(), location.getColumn() + 1))
          .orElse("");
    }

    static String at(int line, int column) {
      return line > 1 ? " at line " + line + ", column " + column : " at column " + column;
    }
  }
}
