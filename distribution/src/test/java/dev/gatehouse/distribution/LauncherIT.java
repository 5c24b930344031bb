package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it: {@code bin/gatehouse} on the default configuration and on a
 * broken one, with a third-party plugin dropped into a plugins folder.
 */
class LauncherIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theDefaultConfigurationServesAProxiedAnswerAndSigtermStopsCleanly() throws Exception {
    int port = GatehouseProcess.freePort();
    int admin = GatehouseProcess.freePort();
    Path config = GatehouseProcess.copyDefaultConfig(dir.resolve("config"));
    Map<String, String> env =
        Map.of(
            "GATEHOUSE_HTTP_PORT", String.valueOf(port),
            "GATEHOUSE_ADMIN_PORT", String.valueOf(admin));

    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(env, "start", "--config-dir", config.toString())) {
      HttpResponse<String> first =
          firstAnswer(gatehouse, "http://127.0.0.1:" + port + "/api/hello");
      long startupMillis = TimeUnit.NANOSECONDS.toMillis(gatehouse.nanosSinceStart());
      recordStartup(startupMillis);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("Hello from the Gatehouse demo backend.");
      assertThat(get("http://127.0.0.1:" + admin + "/plugins").body()).contains("\"proxy\"");
      assertThat(get("http://127.0.0.1:" + admin + "/metrics").body())
          .contains("gatehouse_build_info{")
          .contains("gatehouse_request_duration_seconds_count{api_endpoint=\"api\"")
          .contains("process_cpu_seconds_total");
      gatehouse.awaitOutput("gatehouse_started", PATIENCE);
      assertThat(gatehouse.output())
          .anyMatch(line -> line.contains("listener_ready name=gateway"))
          .anyMatch(line -> line.contains("pipeline_ready name=api"));

      gatehouse.terminate();
      assertThat(gatehouse.waitFor(PATIENCE)).isZero();
      gatehouse.awaitOutput("gatehouse_stopped", PATIENCE);
    }
  }

  @Test
  void validateReportsEveryErrorWithFileAndLineAndExitsOne() throws Exception {
    Path config = GatehouseProcess.copyDefaultConfig(dir.resolve("config"));
    String broken =
        Files.readString(config.resolve("gateway.config.yml"))
            .replace("serviceEndpoint: demo", "serviceEndpoint: nowhere")
            .replace("  - terminate\n", "");
    Files.writeString(config.resolve("gateway.config.yml"), broken);

    GatehouseProcess.Result result =
        GatehouseProcess.run(Map.of(), "validate", "--config-dir", config.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output())
        .containsPattern(
            "gateway\\.config\\.yml:\\d+:\\d+ pipelines\\.demo-backend\\.policies\\[0\\]\\.terminate: .*\\[POLICY_NOT_DECLARED\\]")
        .containsPattern(
            "gateway\\.config\\.yml:\\d+:\\d+ pipelines\\.api\\.policies\\[0\\]\\.proxy\\[0\\]\\.action\\.serviceEndpoint: no service endpoint named 'nowhere'")
        .contains("2 errors");
  }

  @Test
  void validatePassesOnTheDefaultConfiguration() throws Exception {
    GatehouseProcess.Result result = GatehouseProcess.run(Map.of(), "validate");

    assertThat(result.status()).as(result.output()).isZero();
    assertThat(result.output()).contains("configuration OK");
  }

  @Test
  void startRefusesABrokenConfigurationWithExitOne() throws Exception {
    Path config = GatehouseProcess.copyDefaultConfig(dir.resolve("config"));
    Files.writeString(config.resolve("gateway.config.yml"), "http:\n  port: [8080\n");

    GatehouseProcess.Result result =
        GatehouseProcess.run(Map.of(), "start", "--config-dir", config.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output()).containsPattern("gateway\\.config\\.yml:\\d+:\\d+");
  }

  @Test
  void versionNamesTheProductAndThePluginApi() throws Exception {
    GatehouseProcess.Result result = GatehouseProcess.run(Map.of(), "version");

    assertThat(result.status()).isZero();
    assertThat(result.output()).contains("Gatehouse ").contains("plugin API 1.0.0");
  }

  @Test
  void aThirdPartyPluginInAPluginsFolderServesThroughAPipeline() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path example = Path.of(System.getProperty("gatehouse.examplePlugin"));
    Files.copy(example, plugins.resolve(example.getFileName()));
    int port = GatehouseProcess.freePort();
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        config.resolve("gateway.config.yml"),
        """
        http: {port: %d}
        apiEndpoints:
          hello: {paths: /hello}
        policies: [header-stamp, terminate]
        pipelines:
          hello:
            apiEndpoints: [hello]
            policies:
              - header-stamp:
                  - action: {value: blue}
              - terminate:
                  - action: {statusCode: 200, message: stamped}
        """
            .formatted(port));
    Files.writeString(
        config.resolve("system.config.yml"), "plugins:\n  header-stamp:\n    prefix: v1-\n");

    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of(),
            "start",
            "--config-dir",
            config.toString(),
            "--plugins-dir",
            plugins.toString())) {
      HttpResponse<String> answer = firstAnswer(gatehouse, "http://127.0.0.1:" + port + "/hello");

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("x-stamp")).hasValue("v1-blue");
      gatehouse.awaitOutput("plugin_loaded id=header-stamp", PATIENCE);
    }
  }

  /** Polls until the gateway answers (bounded), as a user waiting for it would. */
  private HttpResponse<String> firstAnswer(GatehouseProcess gatehouse, String url)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!gatehouse.isAlive()) {
        throw new AssertionError("gatehouse exited:\n" + String.join("\n", gatehouse.output()));
      }
      try {
        return get(url);
      } catch (IOException notYet) {
        Thread.sleep(10);
      }
    }
    throw new AssertionError("no answer within " + PATIENCE + ":\n" + gatehouse.output());
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Written for the benchmark notes: process start to first proxied response. */
  private static void recordStartup(long millis) throws IOException {
    Path target = GatehouseProcess.home().getParent().resolve("startup-millis.txt");
    Files.writeString(target, millis + "\n");
    System.out.println("startup_to_first_proxied_response_ms=" + millis);
  }
}
