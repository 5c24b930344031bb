package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {

  private static final String FILE = "gateway.config.yml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode read(String yaml) throws ConfigException {
    return YamlReader.read(FILE, yaml).root();
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  private static ConfigException failure(String yaml) {
    try {
      YamlReader.read(FILE, yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException reading:\n" + yaml);
  }

  @Test
  void resolvesPlainScalarsAsJsYamlDoes() throws Exception {
    JsonNode root =
        read(
            """
            yes: yes
            no: no
            on: on
            bool: [true, True, TRUE, false, FALSE]
            nulls: [~, null, Null, NULL]
            empty:
            hex: 0x1F
            octal: 017
            octalO: 0o17
            binary: 0b101
            sexagesimal: 1:30
            underscores: 1_000
            decimal: 42
            negative: -7
            float: 1.5
            exponent: 1e3
            leadingDot: .5
            inf: .inf
            text: 08
            date: 2001-12-14
            quoted: "42"
            """);

    assertThat(root.get("yes")).isEqualTo(json("\"yes\""));
    assertThat(root.get("no").textValue()).isEqualTo("no");
    assertThat(root.get("on").textValue()).isEqualTo("on");
    assertThat(root.get("bool")).isEqualTo(json("[true, true, true, false, false]"));
    assertThat(root.get("nulls")).isEqualTo(json("[null, null, null, null]"));
    assertThat(root.get("empty").isNull()).isTrue();
    assertThat(root.get("hex").intValue()).isEqualTo(31);
    assertThat(root.get("octal").intValue()).isEqualTo(15);
    assertThat(root.get("octalO").textValue()).isEqualTo("0o17");
    assertThat(root.get("binary").intValue()).isEqualTo(5);
    assertThat(root.get("sexagesimal").intValue()).isEqualTo(90);
    assertThat(root.get("underscores").intValue()).isEqualTo(1000);
    assertThat(root.get("decimal").isInt()).isTrue();
    assertThat(root.get("negative").intValue()).isEqualTo(-7);
    assertThat(root.get("float").doubleValue()).isEqualTo(1.5);
    assertThat(root.get("exponent").doubleValue()).isEqualTo(1000.0);
    assertThat(root.get("leadingDot").doubleValue()).isEqualTo(0.5);
    assertThat(root.get("inf").doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(root.get("text").textValue()).isEqualTo("08");
    assertThat(root.get("date").textValue()).isEqualTo("2001-12-14");
    assertThat(root.get("quoted").textValue()).isEqualTo("42");
  }

  @Test
  void keysBecomeJavaScriptStrings() throws Exception {
    JsonNode root = read("1: a\ntrue: b\n~: c\n0x10: d\n1.50: e\n");

    assertThat(root)
        .isEqualTo(json("{\"1\":\"a\",\"true\":\"b\",\"null\":\"c\",\"16\":\"d\",\"1.5\":\"e\"}"));
  }

  @Test
  void aliasesBecomeEqualIndependentCopies() throws Exception {
    JsonNode root =
        read(
            """
            base: &base
              url: http://backend
              headers: {a: 1}
            copy: *base
            """);

    assertThat(root.get("copy")).isEqualTo(root.get("base")).isNotSameAs(root.get("base"));
    assertThat(root.get("copy").get("headers")).isNotSameAs(root.get("base").get("headers"));
  }

  @Test
  void mergeKeysLetWrittenKeysWinOverMergedOnes() throws Exception {
    JsonNode root =
        read(
            """
            defaults: &defaults
              changeOrigin: true
              stripPath: false
              timeout: 1000
            proxy:
              timeout: 5000
              <<: *defaults
              stripPath: true
            """);

    assertThat(root.get("proxy"))
        .isEqualTo(json("{\"timeout\":5000,\"changeOrigin\":true,\"stripPath\":true}"));
  }

  @Test
  void earlierMappingsOfAMergeSequenceWinOverLaterOnes() throws Exception {
    JsonNode root =
        read(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              z: 3
            """);

    assertThat(root.get("c")).isEqualTo(json("{\"x\":1,\"y\":1,\"z\":3}"));
  }

  @Test
  void aMergeOfSomethingElseThanMappingsIsAnError() {
    ConfigException e = failure("a: &a [1]\nb:\n  <<: *a\n");

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.path()).hasToString("b");
              assertThat(error.message())
                  .contains("'<<' takes a mapping or a sequence of mappings");
              assertThat(error.location().line()).isEqualTo(1);
            });
  }

  @Test
  void duplicateKeysAreAnErrorNamingBothLines() {
    ConfigException e =
        failure(
            """
            http:
              port: 8080
              hostname: localhost
              port: 9090
            """);

    assertThat(e.errors()).hasSize(1);
    assertThat(e.getMessage())
        .isEqualTo(
            "gateway.config.yml:4:3 http.port: duplicate key 'port': first written at line 2,"
                + " again at line 4");
  }

  @Test
  void everyDuplicateIsReportedOnce() {
    ConfigException e = failure("a: &a {x: 1, x: 2}\nb: *a\nc: *a\nd: 1\nd: 2\n");

    assertThat(e.errors())
        .extracting(ConfigError::path)
        .extracting(ConfigPath::toString)
        .containsExactly("a.x", "d");
  }

  @Test
  void readsJsonDocuments() throws Exception {
    String text =
        "{\n\t\"http\": {\"port\": 8080},\n\t\"policies\": [\"proxy\", \"jwt\"],\n"
            + "\t\"escaped\": \"a\\/b\\u00e9\",\n\t\"n\": null, \"f\": 1.25e2\n}\n";

    assertThat(YamlReader.read("gateway.config.json", text).root())
        .isEqualTo(
            json(
                "{\"http\":{\"port\":8080},\"policies\":[\"proxy\",\"jwt\"],"
                    + "\"escaped\":\"a/bé\",\"n\":null,\"f\":125.0}"));
  }

  @Test
  void jsonPositionsCountTabsAndEscapesAsWritten() throws Exception {
    ConfigDocument doc =
        YamlReader.read(
            "gateway.config.json", "{\n\t\"http\": {\"port\": 8080},\n\"u\":\"a\\/b\",\"k\":1}");

    assertThat(doc.locate(ConfigPath.parse("http.port")))
        .isEqualTo(new SourceLocation("gateway.config.json", 2, 11));
    assertThat(doc.locate(ConfigPath.parse("k")))
        .isEqualTo(new SourceLocation("gateway.config.json", 3, 12));
    assertThat(doc.root().get("u").textValue()).isEqualTo("a/b");
  }

  @Test
  void regexpTagBecomesAPatternObject() throws Exception {
    JsonNode root =
        read(
            """
            slashes: !!js/regexp /^https?:\\/\\/example\\.com$/i
            bare: !!js/regexp ^https?://example
            noFlags: !!js/regexp /a|b/
            origins: [!!js/regexp /x/gm, http://literal]
            """);

    assertThat(root.get("slashes"))
        .isEqualTo(json("{\"$regexp\":\"^https?:\\\\/\\\\/example\\\\.com$\",\"$flags\":\"i\"}"));
    assertThat(root.get("bare"))
        .isEqualTo(json("{\"$regexp\":\"^https?://example\",\"$flags\":\"\"}"));
    assertThat(root.get("noFlags")).isEqualTo(json("{\"$regexp\":\"a|b\",\"$flags\":\"\"}"));
    assertThat(root.get("origins").get(0)).isEqualTo(json("{\"$regexp\":\"x\",\"$flags\":\"gm\"}"));
  }

  @Test
  void regexpWithUnknownFlagsIsAnError() {
    ConfigException e = failure("origin: !!js/regexp /abc/x\n");

    assertThat(e.getMessage())
        .startsWith("gateway.config.yml:1:9 origin: invalid !!js/regexp value:");
  }

  @Test
  void undefinedTagBecomesNull() throws Exception {
    assertThat(read("a: !!js/undefined\nb: !!js/undefined ''\n"))
        .isEqualTo(json("{\"a\":null,\"b\":null}"));
  }

  @Test
  void javaScriptFunctionsAreRefused() {
    ConfigException e =
        failure("policies:\n  - expression: !!js/function 'function () { return 1 }'\n");

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.path()).hasToString("policies[0].expression");
              assertThat(error.location()).isEqualTo(new SourceLocation(FILE, 2, 17));
              assertThat(error.message()).contains("JavaScript functions");
            });
  }

  @Test
  void unknownTagsAreRefused() {
    ConfigException e = failure("a: !custom 1\nb: !!python/object x\n");

    assertThat(e.errors()).hasSize(2);
    assertThat(e.errors().get(0).message())
        .startsWith("unsupported tag !custom:")
        .contains("JavaScript functions");
    assertThat(e.errors().get(1).message()).startsWith("unsupported tag !!python/object:");
  }

  @Test
  void explicitTagsMustFitTheirValue() {
    ConfigException e = failure("a: !!int abc\nb: !!bool yes\n");

    assertThat(e.errors())
        .extracting(ConfigError::format)
        .containsExactly(
            "gateway.config.yml:1:4 a: invalid !!int value: 'abc' is not an integer",
            "gateway.config.yml:2:4 b: invalid !!bool value: 'yes' is not a boolean (true or false)");
  }

  @Test
  void syntaxErrorsNameLineAndColumnWithSnakeYamlsProblem() {
    ConfigException e = failure("http:\n  port: 8080\n  host: a: b\n");

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.location()).isEqualTo(new SourceLocation(FILE, 3, 10));
              assertThat(error.path().isRoot()).isTrue();
              assertThat(error.message()).contains("mapping values are not allowed here");
            });
    assertThat(e.getMessage())
        .startsWith("gateway.config.yml:3:10: mapping values are not allowed");
  }

  @Test
  void syntaxErrorsCarryTheirContext() {
    ConfigException e = failure("a:\n  - b\n  c: d\n");

    assertThat(e.errors().get(0).format())
        .matches("gateway\\.config\\.yml:3:3: .*\\(while parsing a block .* line \\d+\\)");
  }

  @Test
  void billionLaughsIsRefusedInsteadOfExhaustingMemory() {
    StringBuilder yaml =
        new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      yaml.append("]\n");
    }

    ConfigException e = failure(yaml.toString());

    assertThat(e.getMessage()).contains("aliases");
  }

  @Test
  void manyAliasesAreRefusedBySnakeYamlsLimit() {
    StringBuilder yaml = new StringBuilder("a: &a [x]\nb: [");
    for (int i = 0; i < 1100; i++) {
      yaml.append(i == 0 ? "" : ", ").append("*a");
    }
    yaml.append("]\n");

    assertThat(failure(yaml.toString()).getMessage()).containsIgnoringCase("alias");
  }

  @Test
  void recursiveAliasesAreRefused() {
    assertThat(failure("a: &a\n  b: *a\n").getMessage())
        .contains("refers to a value that contains it");
  }

  @Test
  void emptyDocumentsAreEmptyObjects() throws Exception {
    assertThat(read("")).isEqualTo(json("{}"));
    assertThat(read("# only a comment\n")).isEqualTo(json("{}"));
    assertThat(read("---\n")).isEqualTo(json("{}"));
    assertThat(read("~\n")).isEqualTo(json("{}"));
  }

  @Test
  void aScalarOrSequenceRootIsAnError() {
    assertThat(failure("just text\n").getMessage())
        .isEqualTo(
            "gateway.config.yml:1:1: the document must be a mapping of settings, found a scalar");
    assertThat(failure("- a\n- b\n").getMessage()).endsWith("found a sequence");
  }

  @Test
  void severalDocumentsInOneFileAreAnError() {
    assertThat(failure("a: 1\n---\nb: 2\n").getMessage()).contains("expected a single document");
  }

  @Test
  void complexKeysAreRefused() {
    assertThat(failure("? [a, b]\n: c\n").getMessage()).contains("a mapping key must be a string");
  }

  @Test
  void readsAFileSubstitutingTheEnvironmentAndReportsPositionsInTheOriginalText(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("gateway.config.yml");
    Files.writeString(
        file,
        "\uFEFFhttp:\n  port: ${PORT:-8080}\nkey: \"${KEY}\"\nsecret: ${MISSING}\nafter: {a: 1, b: 2}\n",
        StandardCharsets.UTF_8);

    ConfigDocument doc = YamlReader.read(file, Map.of("KEY", "line1\nline2\nline3"));

    assertThat(doc.fileName()).isEqualTo("gateway.config.yml");
    assertThat(doc.root().get("http").get("port").intValue()).isEqualTo(8080);
    assertThat(doc.root().get("secret").isNull()).isTrue();
    assertThat(doc.root().get("key").textValue()).isEqualTo("line1 line2 line3");
    assertThat(doc.warnings())
        .extracting(ConfigError::format)
        .containsExactly(
            "gateway.config.yml:4:9: environment variable 'MISSING' is not set and has no default;"
                + " substituted null [ENV_VARIABLE_NOT_SET]");
    assertThat(doc.locate(ConfigPath.parse("after.b")))
        .isEqualTo(new SourceLocation("gateway.config.yml", 5, 15));
  }

  @Test
  void anUnreadableFileIsAConfigException(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> YamlReader.read(dir.resolve("gateway.config.yml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("gateway.config.yml: cannot read ")
        .hasMessageEndingWith("no such file");

    Path invalid = dir.resolve("system.config.yml");
    Files.write(invalid, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> YamlReader.read(invalid, Map.of()))
        .hasMessage("system.config.yml: is not valid UTF-8 text");
  }
}
