package dev.gatehouse.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a command prints: readable lines and tables by default, one JSON document with {@code
 * --json}, bare ids with {@code -q}. Results go to standard output, failures to standard error
 * prefixed with {@code gatehouse:}.
 */
final class Output {

  /** How results are printed. */
  enum Mode {
    TABLE,
    JSON,
    QUIET
  }

  private final Mode mode;
  private final PrintWriter out;
  private final PrintWriter err;

  Output(Mode mode, PrintWriter out, PrintWriter err) {
    this.mode = mode;
    this.out = out;
    this.err = err;
  }

  Mode mode() {
    return mode;
  }

  boolean json() {
    return mode == Mode.JSON;
  }

  boolean quiet() {
    return mode == Mode.QUIET;
  }

  boolean table() {
    return mode == Mode.TABLE;
  }

  /** A line of standard output. */
  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** A failure, on standard error. */
  void error(String message) {
    err.println("gatehouse: " + message);
    err.flush();
  }

  /** A JSON document, indented. */
  void json(JsonNode node) {
    try {
      line(AdminHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** A JSON document on one line, for newline-delimited output. */
  void jsonLine(JsonNode node) {
    line(AdminHttp.write(node));
  }

  /** One record: its id with {@code -q}, its JSON with {@code --json}, else its properties. */
  void record(JsonNode item) {
    switch (mode) {
      case QUIET -> line(item.path("id").asText());
      case JSON -> json(item);
      case TABLE -> properties(item);
    }
  }

  /** One record, as {@link #record(JsonNode)}, its properties after a line saying what happened. */
  void record(JsonNode item, String summary) {
    if (table()) {
      line(summary);
    }
    record(item);
  }

  /**
   * A list of records: the array with {@code --json}, each one's {@code quietField} with {@code
   * -q}, else a table of their {@code columns} under {@code headers}, or {@code none} when there
   * are none.
   */
  void list(
      JsonNode items, String quietField, List<String> columns, List<String> headers, String none) {
    switch (mode) {
      case JSON -> json(items);
      case QUIET -> items.forEach(item -> line(item.path(quietField).asText()));
      case TABLE -> {
        if (items.isEmpty()) {
          line(none);
          return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode item : items) {
          rows.add(columns.stream().map(c -> cell(item.get(c))).toList());
        }
        table(headers, rows);
      }
    }
  }

  /** An object as a two-column table of its properties, in the order the API gave them. */
  void properties(JsonNode object) {
    List<List<String>> rows = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      rows.add(List.of(field.getKey(), cell(field.getValue())));
    }
    print(rows);
  }

  /** A table with a header row; each column as wide as its widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    print(all);
  }

  private void print(List<List<String>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
      }
    }
    for (List<String> row : rows) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        text.append(cell);
        if (i < columns - 1) {
          text.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 2));
        }
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }

  /**
   * A value as a table shows it: text as it is, {@code -} for nothing, a list of texts joined with
   * commas, anything else as compact JSON.
   */
  static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "-";
    }
    if (value.isValueNode()) {
      String text = value.asText();
      return text.isEmpty() ? "-" : text.replace('\n', ' ');
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          return AdminHttp.write(value);
        }
        items.add(item.asText());
      }
      return items.isEmpty() ? "-" : String.join(", ", items);
    }
    return AdminHttp.write(value);
  }
}
