package dev.gatehouse.core.config;

import java.util.Objects;

/**
 * A place in a configuration file: its name and a 1-based line and column.
 *
 * <p>{@code line} and {@code column} may be 0 when only the file (or only the line) is known, e.g.
 * for a file that could not be read; {@link #toString()} then leaves them out.
 *
 * <pre>{@code
 * new SourceLocation("gateway.config.yml", 42, 7).toString(); // gateway.config.yml:42:7
 * SourceLocation.ofFile("gateway.config.yml").toString();     // gateway.config.yml
 * }</pre>
 *
 * @param file the file's name as the operator knows it, e.g. {@code gateway.config.yml}
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0 || (line == 0 && column > 0)) {
      throw new IllegalArgumentException("invalid position " + line + ":" + column);
    }
  }

  /** The whole file, when no line is known. */
  public static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0);
  }

  /** {@code file:line:column}, leaving out what is unknown. */
  @Override
  public String toString() {
    if (line == 0) {
      return file;
    }
    return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
