package dev.gatehouse.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own linter, {@code promtool check metrics}, when the machine has it (Debian's {@code
 * prometheus} package; CI installs it): a second, independent check of the exposition.
 */
public final class Promtool {

  private Promtool() {}

  /** Fails when promtool is installed and finds a problem in {@code exposition}. */
  public static void assertAccepts(String exposition) throws IOException, InterruptedException {
    Path promtool = find();
    if (promtool == null) {
      return;
    }
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("promtool check metrics:\n" + output).isZero();
  }

  public static Path find() {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(folder, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
