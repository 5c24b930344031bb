package dev.gatehouse.core.expression;

/**
 * Why a source text is not an expression Gatehouse can run; the caller adds where it was written.
 */
final class CompileError extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * @param detail what is wrong and what to write instead, starting in lower case
   */
  CompileError(String detail) {
    super(detail, null, false, false);
  }

  String detail() {
    return getMessage();
  }
}
