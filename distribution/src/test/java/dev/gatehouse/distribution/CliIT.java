package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/cli.md} runs as written: its {@code console} examples are one shell session, in
 * order, that calls {@code bin/gatehouse} against a running distribution whose Admin API is
 * configured with the document's own {@code admin} block. Every command must exit 0 (an example of
 * a failure says so with {@code || echo "exit $?"}) and print what the document shows, where {@code
 * …} stands for any text and a run of spaces for any run of spaces.
 */
class CliIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern CONSOLE = Pattern.compile("```console\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern GATEWAY_YAML =
      Pattern.compile("```yaml\\n(# gateway\\.config\\.yml\\n.*?)```", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("@@(command|status) (\\d+)(?: (\\d+))?");
  private static final String DOCUMENTED_ADMIN = "127.0.0.1:9876";
  private static final String ANY = "\u2026";

  @TempDir Path dir;

  /** One {@code $ } line of the document and the lines it shows after it. */
  private record Example(String command, List<String> expected) {}

  @Test
  void theCliDocumentRunsAsWrittenThroughBinGatehouse() throws Exception {
    String doc = Files.readString(docs().resolve("cli.md"));
    List<Example> examples = examples(doc);
    assertThat(examples).as("console examples in docs/cli.md").hasSizeGreaterThan(15);
    int admin = GatehouseProcess.freePort();
    Path config = configuration(doc, admin);

    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of("GATEHOUSE_CDS", "off"), "start", "--config-dir", config.toString())) {
      awaitPort(gatehouse, admin);
      List<List<String>> outputs = new ArrayList<>();
      List<Integer> statuses = new ArrayList<>();
      runSession(examples, admin, outputs, statuses);

      assertThat(outputs).as("every example ran").hasSize(examples.size());
      for (int i = 0; i < examples.size(); i++) {
        Example example = examples.get(i);
        List<String> actual = outputs.get(i);
        String context =
            "docs/cli.md: $ " + example.command() + "\n--- printed\n" + String.join("\n", actual);
        assertThat(statuses.get(i)).as(context).isZero();
        assertThat(actual).as(context).hasSameSizeAs(example.expected());
        for (int line = 0; line < actual.size(); line++) {
          String expected = example.expected().get(line).replace(DOCUMENTED_ADMIN, at(admin));
          assertThat(actual.get(line).strip()).as(context).matches(pattern(expected));
        }
      }
    }
  }

  private static Path docs() {
    return GatehouseProcess.home().getParent().getParent().getParent().resolve("docs");
  }

  private static String at(int port) {
    return "127.0.0.1:" + port;
  }

  /** Every {@code console} block of the document, in order. */
  private static List<Example> examples(String doc) {
    List<Example> examples = new ArrayList<>();
    Matcher block = CONSOLE.matcher(doc);
    while (block.find()) {
      for (String line : block.group(1).split("\n")) {
        if (line.startsWith("$ ")) {
          examples.add(new Example(line.substring(2), new ArrayList<>()));
        } else if (!line.isBlank()) {
          examples.get(examples.size() - 1).expected().add(line);
        }
      }
    }
    return examples;
  }

  /** The document's {@code admin} block on a free port, with an embedded store of the test's. */
  private Path configuration(String doc, int admin) throws IOException {
    Matcher yaml = GATEWAY_YAML.matcher(doc);
    assertThat(yaml.find()).as("a gateway.config.yml example in docs/cli.md").isTrue();
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        config.resolve("gateway.config.yml"),
        "http: {port: "
            + GatehouseProcess.freePort()
            + "}\n"
            + yaml.group(1).replace("port: 9876", "port: " + admin));
    Files.writeString(
        config.resolve("system.config.yml"),
        "db:\n  embedded:\n    path: '"
            + dir.resolve("data")
            + "'\ncrypto:\n  cipherKey: cli-test\n");
    return config;
  }

  /**
   * Runs the commands as one {@code sh} script, so that variables and exports carry over; each
   * command's standard error is printed before its standard output, the order in which the commands
   * write them.
   */
  private void runSession(
      List<Example> examples, int admin, List<List<String>> outputs, List<Integer> statuses)
      throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < examples.size(); i++) {
      String command = examples.get(i).command().replace(DOCUMENTED_ADMIN, at(admin));
      script
          .append("printf '\\n@@command ")
          .append(i)
          .append("\\n'\n{ ")
          .append(command)
          .append("\n} >\"$CLI_OUT\" 2>\"$CLI_ERR\"\nstatus=$?\n")
          .append("cat \"$CLI_ERR\"; echo; cat \"$CLI_OUT\"; echo\n")
          .append("printf '@@status ")
          .append(i)
          .append(" %d\\n' \"$status\"\n");
    }
    Path file = Files.writeString(dir.resolve("session.sh"), script.toString());
    Path log = dir.resolve("session.log");
    ProcessBuilder builder =
        new ProcessBuilder("sh", file.toString())
            .directory(Files.createDirectories(dir.resolve("work")).toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    for (String name :
        List.of(
            "GATEHOUSE_ADMIN_URL",
            "EG_ADMIN_URL",
            "GATEHOUSE_ADMIN_API_KEY",
            "GATEHOUSE_ADMIN_USER",
            "GATEHOUSE_ADMIN_PASSWORD",
            "GATEHOUSE_CONFIG_DIR",
            "EG_CONFIG_DIR")) {
      env.remove(name);
    }
    env.put("PATH", GatehouseProcess.home().resolve("bin") + ":" + env.get("PATH"));
    env.put("JAVA_OPTS", "-XX:TieredStopAtLevel=1");
    env.put("CLI_OUT", dir.resolve("out").toString());
    env.put("CLI_ERR", dir.resolve("err").toString());
    Process session = builder.start();
    if (!session.waitFor(5, TimeUnit.MINUTES)) {
      session.destroyForcibly();
      throw new AssertionError("the session did not end:\n" + Files.readString(log));
    }
    List<String> current = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher marker = MARKER.matcher(line);
      if (marker.matches() && marker.group(1).equals("command")) {
        current = new ArrayList<>();
      } else if (marker.matches()) {
        outputs.add(current);
        statuses.add(Integer.parseInt(marker.group(3)));
        current = null;
      } else if (current != null && !line.isBlank()) {
        current.add(line.stripTrailing());
      }
    }
  }

  /** {@code …} matches any text, a run of spaces any run of spaces; the rest is literal. */
  private static String pattern(String expected) {
    StringBuilder regex = new StringBuilder();
    String[] pieces = expected.strip().split(ANY, -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        regex.append(".+?");
      }
      String[] words = pieces[i].split(" +", -1);
      for (int w = 0; w < words.length; w++) {
        if (w > 0) {
          regex.append(" +");
        }
        if (!words[w].isEmpty()) {
          regex.append(Pattern.quote(words[w]));
        }
      }
    }
    return regex.toString();
  }

  private static void awaitPort(GatehouseProcess gatehouse, int port) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!gatehouse.isAlive()) {
        throw new AssertionError("gatehouse exited:\n" + String.join("\n", gatehouse.output()));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no Admin API within " + PATIENCE + ":\n" + gatehouse.output());
  }
}
