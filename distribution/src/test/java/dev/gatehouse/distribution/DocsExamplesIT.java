package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration example in {@code docs/} that starts with a {@code # gateway.config.yml} or
 * {@code # system.config.yml} line passes {@code gatehouse validate}, with the documentation's
 * example plugin installed: a documented example never rots.
 */
class DocsExamplesIT {

  private static final Pattern YAML_BLOCK =
      Pattern.compile("```yaml\\n(# (\\S+)\\n.*?)```", Pattern.DOTALL);

  private static final String MINIMAL_GATEWAY = "http: {port: 0}\n";

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> documentedConfigurationsAreValid() throws IOException {
    Path docs = GatehouseProcess.home().getParent().getParent().getParent().resolve("docs");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(docs)) {
      for (Path doc : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        Matcher block = YAML_BLOCK.matcher(Files.readString(doc));
        int index = 0;
        while (block.find()) {
          String file = block.group(2);
          String yaml = block.group(1);
          String name = docs.relativize(doc) + " example " + (++index) + " (" + file + ")";
          tests.add(DynamicTest.dynamicTest(name, () -> validates(file, yaml)));
        }
      }
    }
    assertThat(tests).as("configuration examples found in docs/").hasSizeGreaterThan(3);
    return tests.stream();
  }

  private void validates(String file, String yaml) throws Exception {
    Path config = Files.createTempDirectory(dir, "config");
    Files.writeString(config.resolve("gateway.config.yml"), MINIMAL_GATEWAY);
    Files.writeString(config.resolve(file), yaml);
    Path plugins = Files.createTempDirectory(dir, "plugins");
    Path example = Path.of(System.getProperty("gatehouse.examplePlugin"));
    Files.copy(example, plugins.resolve(example.getFileName()));

    GatehouseProcess.Result result =
        GatehouseProcess.run(
            Map.of(),
            "validate",
            "--config-dir",
            config.toString(),
            "--plugins-dir",
            plugins.toString());

    assertThat(result.status()).as(result.output()).isZero();
  }
}
