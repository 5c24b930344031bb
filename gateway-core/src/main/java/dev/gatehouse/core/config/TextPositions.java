package dev.gatehouse.core.config;

import java.util.Arrays;

/**
 * Converts between character offsets and line/column positions in one text, counting line breaks as
 * YAML 1.1 (and so SnakeYAML) does: {@code \r\n}, {@code \r}, {@code \n}, U+0085, U+2028 and
 * U+2029. Columns count code points, as SnakeYAML's marks do. All values here are 0-based.
 */
final class TextPositions {

  private final String text;
  private final int[] lineStarts;

  TextPositions(String text) {
    this.text = text;
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';
      if (c == '\r') {
        lineBreak = i + 1 >= text.length() || text.charAt(i + 1) != '\n';
      }
      if (lineBreak) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
  }

  /** The 0-based line holding the character at {@code offset}. */
  int line(int offset) {
    int found = Arrays.binarySearch(lineStarts, offset);
    return found >= 0 ? found : -found - 2;
  }

  /** The 0-based column, in code points, of the character at {@code offset}. */
  int column(int offset) {
    int start = lineStarts[line(offset)];
    return text.codePointCount(start, Math.min(offset, text.length()));
  }

  /** The character offset of a 0-based line and code-point column, clamped to the text. */
  int offset(int line, int column) {
    if (line >= lineStarts.length) {
      return text.length();
    }
    int start = lineStarts[Math.max(line, 0)];
    int available = text.codePointCount(start, text.length());
    return text.offsetByCodePoints(start, Math.min(Math.max(column, 0), available));
  }
}
