package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads an Express Gateway configuration file (YAML, or JSON as a subset of it) into a {@link
 * ConfigDocument}, as js-yaml 3 {@code load()} reads it:
 *
 * <ul>
 *   <li>plain scalars resolve as in js-yaml (see {@link JsYamlScalars}): {@code yes} is a string,
 *       {@code 0x1F} is 31, {@code 017} is 15, {@code ~} is null;
 *   <li>anchors and aliases: every alias becomes an equal, independent copy of its anchor;
 *   <li>merge keys {@code <<} with a mapping or a sequence of mappings: keys written in the mapping
 *       win over merged ones, and earlier mappings of a merge sequence win over later ones;
 *   <li>a duplicate key is an error naming both lines;
 *   <li>{@code !!js/regexp /pattern/flags} (or {@code !!js/regexp pattern}, the whole text being
 *       the pattern) becomes the object {@code {"$regexp": "pattern", "$flags": "flags"}}, flags
 *       being some of {@code g}, {@code i}, {@code m}; consumers compile it themselves;
 *   <li>{@code !!js/undefined} becomes null;
 *   <li>{@code !!js/function} and any other unknown tag are errors: JavaScript functions are not
 *       supported;
 *   <li>an empty document (or one holding only null) is an empty object; a document whose root is a
 *       scalar or a sequence is an error.
 * </ul>
 *
 * <p>Every error is a {@link ConfigException} naming the file, line and column; syntax errors carry
 * SnakeYAML's description of the problem. Alias expansion is bounded ({@value #MAX_ALIASES} aliases
 * to collections; after expansion at most {@value #MAX_EXPANDED_VALUES} values plus {@value
 * #EXPANSION_FACTOR} times the number written in the file; depth {@value #MAX_DEPTH}), so a
 * "billion laughs" file is refused rather than exhausting memory; files are limited to {@value
 * #MAX_CODE_POINTS} code points.
 *
 * <pre>{@code
 * ConfigDocument doc = YamlReader.read(Path.of(dir, "gateway.config.yml"), System.getenv());
 * doc.warnings().forEach(w -> log.warn(w.format()));
 * }</pre>
 */
public final class YamlReader {

  static final int MAX_ALIASES = 1000;
  static final int MAX_NESTING = 100;
  static final int MAX_DEPTH = 200;

  /**
   * A document may hold this many values once its aliases are expanded, plus {@link
   * #EXPANSION_FACTOR} times the number of values written in the file.
   */
  static final int MAX_EXPANDED_VALUES = 100_000;

  static final int EXPANSION_FACTOR = 10;

  static final int MAX_CODE_POINTS = 10 * 1024 * 1024;

  private YamlReader() {}

  /**
   * Reads a configuration file, substituting environment variables first (see {@link
   * EnvSubstitution}). Positions refer to the file as written, before substitution. Unset variables
   * without a default are {@link ConfigDocument#warnings()}.
   *
   * @param file the file, read as UTF-8
   * @param environment the variables for {@code ${NAME}} placeholders
   * @throws ConfigException if the file cannot be read or parsed
   */
  public static ConfigDocument read(Path file, Map<String, String> environment)
      throws ConfigException {
    String fileName = file.getFileName().toString();
    String text = readText(file, fileName);
    EnvSubstitution.Result substituted = new EnvSubstitution(environment).apply(text);
    return parse(fileName, text, substituted);
  }

  /**
   * Parses configuration text as it is, without environment substitution.
   *
   * @param fileName the name used in positions, e.g. {@code gateway.config.yml}
   * @throws ConfigException if the text is not a valid configuration document
   */
  public static ConfigDocument read(String fileName, String text) throws ConfigException {
    return parse(fileName, text, EnvSubstitution.Result.unchanged(text));
  }

  private static String readText(Path file, String fileName) throws ConfigException {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw fileError(fileName, "is not valid UTF-8 text");
    } catch (NoSuchFileException e) {
      throw fileError(fileName, "cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw fileError(fileName, "cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw fileError(fileName, "cannot read " + file + ": " + e);
    }
  }

  private static ConfigException fileError(String fileName, String message) {
    return new ConfigException(
        ConfigError.of(SourceLocation.ofFile(fileName), ConfigPath.root(), message));
  }

  private static ConfigDocument parse(
      String fileName, String originalText, EnvSubstitution.Result substituted)
      throws ConfigException {
    JsonCompat compat = JsonCompat.of(substituted.text());
    Positions positions = new Positions(fileName, originalText, substituted, compat);
    String text = compat.text();
    if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
      throw fileError(fileName, "is larger than " + MAX_CODE_POINTS + " characters");
    }
    Node node = compose(text, positions);
    List<ConfigError> warnings = new ArrayList<>();
    for (EnvSubstitution.Warning warning : substituted.warnings()) {
      warnings.add(
          new ConfigError(
              new SourceLocation(fileName, warning.line(), warning.column()),
              ConfigPath.root(),
              "ENV_VARIABLE_NOT_SET",
              warning.message()));
    }
    if (YamlTreeBuilder.isNull(node)) {
      node = null;
    } else if (!(node instanceof MappingNode)) {
      throw new ConfigException(
          ConfigError.of(
              positions.at(node.getStartMark()),
              ConfigPath.root(),
              "the document must be a mapping of settings, found a " + kind(node)));
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ConfigDocument document = new ConfigDocument(fileName, root, warnings);
    if (node != null) {
      new YamlTreeBuilder(positions, document).buildRoot((MappingNode) node);
    }
    return document;
  }

  private static String kind(Node node) {
    return switch (node.getNodeId()) {
      case scalar -> "scalar";
      case sequence -> "sequence";
      default -> "mapping";
    };
  }

  private static Node compose(String text, Positions positions) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    // Tags never instantiate classes here: YamlTreeBuilder reads them and refuses unknown ones.
    options.setTagInspector(tag -> true);
    try {
      ParserImpl parser = new ParserImpl(new StreamReader(text), options);
      return new Composer(parser, new JsYamlScalars.JsYamlResolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourceLocation location =
          mark == null ? SourceLocation.ofFile(positions.fileName()) : positions.at(mark);
      throw new ConfigException(
          ConfigError.of(location, ConfigPath.root(), describe(e, positions)));
    } catch (YAMLException e) {
      throw new ConfigException(
          ConfigError.of(
              SourceLocation.ofFile(positions.fileName()), ConfigPath.root(), e.getMessage()));
    }
  }

  /** SnakeYAML's problem, with its context ("while parsing a block mapping") when it has one. */
  private static String describe(MarkedYAMLException e, Positions positions) {
    String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
    if (e.getContext() == null) {
      return problem;
    }
    String context = e.getContext();
    if (e.getContextMark() != null) {
      context += " that starts at line " + positions.at(e.getContextMark()).line();
    }
    return problem + " (" + context + ")";
  }

  /**
   * Turns SnakeYAML marks, which count in the text it parsed, into positions in the file as
   * written: before the {@link JsonCompat} rewrite and before environment substitution.
   */
  static final class Positions {
    private final String fileName;
    private final JsonCompat compat;
    private final EnvSubstitution.Result substituted;
    private final TextPositions parsedText;
    private final TextPositions originalText;

    Positions(
        String fileName,
        String originalText,
        EnvSubstitution.Result substituted,
        JsonCompat compat) {
      this.fileName = fileName;
      this.compat = compat;
      this.substituted = substituted;
      boolean shifted = compat.changedOffsets() || !substituted.substitutions().isEmpty();
      this.parsedText = shifted ? new TextPositions(compat.text()) : null;
      this.originalText = shifted ? new TextPositions(originalText) : null;
    }

    String fileName() {
      return fileName;
    }

    SourceLocation at(Mark mark) {
      if (parsedText == null) {
        return new SourceLocation(fileName, mark.getLine() + 1, mark.getColumn() + 1);
      }
      int parsed = parsedText.offset(mark.getLine(), mark.getColumn());
      int offset = substituted.originalOffset(compat.originalOffset(parsed));
      return new SourceLocation(
          fileName, originalText.line(offset) + 1, originalText.column(offset) + 1);
    }
  }
}
