package dev.gatehouse.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The table "From EG JavaScript to CEL" of {@code docs/expressions.md}, row by row: the CEL column
 * compiles and evaluates to the value column against the documented request; the JavaScript column
 * is refused at load (or, where it happens to be CEL too, gives the same value); a statement is
 * refused naming the policy that does the job. The documentation cannot drift from what the engine
 * does.
 */
class TranslationTableTest {

  private static final Path DOC = Path.of("..", "docs", "expressions.md");

  private static final Pattern CODE = Pattern.compile("^`(.*)`$");

  private record Row(String javascript, String cel, String value) {}

  @TestFactory
  Stream<DynamicTest> everyRowOfTheDocumentedTableHolds() throws IOException {
    List<Row> rows = rows(Files.readString(DOC));
    assertThat(rows).as("rows of the translation table").hasSizeGreaterThan(20);
    return rows.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(row.javascript() + "  ->  " + row.cel(), () -> check(row)));
  }

  private static void check(Row row) throws CompileError {
    String cel = code(row.cel());
    if (cel == null) {
      String policy = row.cel().contains("rewrite") ? "rewrite policy" : "request-transformer";
      assertThatThrownBy(() -> Expression.of(row.javascript()))
          .isInstanceOf(CompileError.class)
          .hasMessageContaining(policy);
      return;
    }
    String expected = code(row.value());
    assertThat(render(cel)).as(cel).isEqualTo(expected);
    CompileError refused =
        catchThrowableOfType(CompileError.class, () -> Expression.of(row.javascript()));
    if (refused == null) {
      assertThat(render(row.javascript())).as("JavaScript that is also CEL").isEqualTo(expected);
    }
  }

  private static String render(String source) throws CompileError {
    return Expression.of(source).evaluateText(EgContext.of(ExampleRequest.authenticated()));
  }

  private static String code(String cell) {
    Matcher matcher = CODE.matcher(cell);
    return matcher.matches() ? matcher.group(1) : null;
  }

  /** The rows of the table whose header starts with "EG JavaScript". */
  private static List<Row> rows(String markdown) {
    List<Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("| EG JavaScript |")) {
        inTable = true;
        continue;
      }
      if (!inTable || line.startsWith("| ---")) {
        continue;
      }
      if (!line.startsWith("|")) {
        if (!rows.isEmpty()) {
          break;
        }
        continue;
      }
      List<String> cells = cells(line);
      rows.add(new Row(code(cells.get(0)), cells.get(1), cells.get(2)));
    }
    return rows;
  }

  /** The cells of a table line; {@code \|} is a literal bar, as in GitHub's tables. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '|') {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    return cells;
  }
}
