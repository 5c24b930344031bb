package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * {@code docs/identity-server.md} as a user follows it: its first {@code gateway.config.yml} and
 * {@code system.config.yml} start the distribution (ports made free, the store in memory), then
 * every {@code bash} block runs in order with {@code curl} and {@code jq}, and prints what the page
 * says it prints.
 */
class IdentityServerDocIT {

  private static final Pattern BLOCK = Pattern.compile("```(yaml|bash)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void theWalkThroughRunsAsWritten() throws Exception {
    Path doc =
        GatehouseProcess.home()
            .getParent()
            .getParent()
            .getParent()
            .resolve("docs/identity-server.md");
    String gatewayYaml = null;
    String systemYaml = null;
    List<String> scripts = new ArrayList<>();
    Matcher block = BLOCK.matcher(Files.readString(doc));
    while (block.find()) {
      String text = block.group(2);
      if (block.group(1).equals("bash")) {
        scripts.add(text);
      } else if (text.startsWith("# gateway.config.yml") && gatewayYaml == null) {
        gatewayYaml = text;
      } else if (text.startsWith("# system.config.yml") && systemYaml == null) {
        systemYaml = text;
      }
    }
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(6);
    int port = GatehouseProcess.freePort();
    int admin = GatehouseProcess.freePort();
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("gateway.config.yml"), ports(gatewayYaml, port, admin));
    Files.writeString(
        config.resolve("system.config.yml"),
        ports(systemYaml, port, admin).replace("embedded: {}", "redis: {emulate: true}"));
    Path models = Files.createDirectories(config.resolve("models"));
    for (String model : List.of("users.json", "applications.json", "credentials.json")) {
      Files.copy(GatehouseProcess.home().resolve("config/models/" + model), models.resolve(model));
    }

    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(Map.of(), "start", "--config-dir", config.toString())) {
      awaitAdmin(gatehouse, admin);
      Path work = Files.createDirectories(dir.resolve("work"));
      Path log = work.resolve("script.log");
      Process script =
          new ProcessBuilder(
                  "bash",
                  "-c",
                  "set -euo pipefail\n" + ports(String.join("\n", scripts), port, admin))
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!script.waitFor(120, TimeUnit.SECONDS)) {
        script.destroyForcibly();
        throw new AssertionError("the walk-through hung:\n" + Files.readString(log));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);

      assertThat(script.exitValue())
          .as(output + "\n" + String.join("\n", gatehouse.output()))
          .isZero();
      assertThat(output.split("no orders yet", -1)).as(output).hasSize(3);
      assertThat(output)
          .contains("302 http://localhost:" + port + "/login")
          .contains("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}")
          .contains("https://app.example.com/callback?code=")
          .contains("&state=xyz")
          .contains("Bearer")
          .contains("{\"active\":true,\"scope\":\"orders:read\"}")
          .endsWith("401\n");
    }
  }

  /** The page's ports (8080 for the gateway, 9876 for the admin API) made free ones. */
  private static String ports(String text, int port, int admin) {
    return text.replace("8080", String.valueOf(port)).replace("9876", String.valueOf(admin));
  }

  private static void awaitAdmin(GatehouseProcess gatehouse, int admin)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!gatehouse.isAlive()) {
        throw new AssertionError("gatehouse exited:\n" + String.join("\n", gatehouse.output()));
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/scopes")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no answer:\n" + gatehouse.output());
  }
}
