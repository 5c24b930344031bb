package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The built distribution started by its launcher ({@code bin/gatehouse start}, with the plugin jars
 * of its {@code plugins/} folder) on a configuration the test writes, in front of a real echo
 * backend ({@link TestBackend}), with an admin listener to create identities through the Admin API
 * and a dedicated metrics listener to scrape. Everything is reached over real HTTP.
 *
 * <pre>{@code
 * try (ObservedGateway gateway = new ObservedGateway(dir, pipelinesYaml, "")) {
 *   String key = gateway.keyAuthConsumer("ada").key();
 *   gateway.get("/orders", "authorization", "apiKey " + key);
 *   Exposition metrics = Exposition.parseText(gateway.scrape("text/plain"));
 * }
 * }</pre>
 */
final class ObservedGateway implements AutoCloseable {

  /** Replaced by the echo backend's URL in the gateway configuration. */
  static final String BACKEND = "${BACKEND}";

  static final Duration PATIENCE = Duration.ofSeconds(60);

  final int port = GatehouseProcess.freePort();
  final int admin = GatehouseProcess.freePort();
  final int metrics = GatehouseProcess.freePort();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Vertx vertx = Vertx.vertx();
  private final TestBackend backend;
  private final GatehouseProcess process;

  /**
   * Writes the configuration to {@code dir/config} and starts the gateway on it; returns when it
   * serves.
   *
   * @param gateway {@code gateway.config.yml} without its {@code http} and {@code admin} sections;
   *     {@code ${BACKEND}} stands for the echo backend's URL
   * @param system {@code system.config.yml} settings besides the store and the metrics listener
   */
  ObservedGateway(Path dir, String gateway, String system) throws Exception {
    backend = TestBackend.start(vertx, "backend");
    try {
      Path config = Files.createDirectories(dir.resolve("config"));
      Files.writeString(
          config.resolve("gateway.config.yml"),
          "http: {port: %d}\nadmin: {host: 127.0.0.1, port: %d}\n".formatted(port, admin)
              + gateway.replace(BACKEND, backend.url()));
      Files.writeString(
          config.resolve("system.config.yml"),
          """
          db:
            embedded:
              path: '%s'
          crypto:
            saltRounds: 4
            cipherKey: test-cipher-key-of-some-length
          metrics:
            listener: {host: 127.0.0.1, port: %d}
          """
                  .formatted(dir.resolve("data"), metrics)
              + system);
      Path models = Files.createDirectories(config.resolve("models"));
      for (String model : List.of("users.json", "applications.json", "credentials.json")) {
        Files.copy(
            GatehouseProcess.home().resolve("config/models/" + model), models.resolve(model));
      }
      process = GatehouseProcess.start(Map.of(), "start", "--config-dir", config.toString());
      process.awaitOutput("gatehouse_started", PATIENCE);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** A request to the gateway's http listener with header name/value pairs. */
  HttpResponse<String> send(String method, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{\"order\":42}")
                    : HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  /** {@code GET /metrics} on the metrics listener, with the scraper's {@code Accept} header. */
  String scrape(String accept) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/metrics"))
                .header("accept", accept)
                .timeout(Duration.ofSeconds(30))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** The requests the backend received, as its echo (method, path, headers…), in order. */
  List<JsonObject> upstreamRequests() {
    return backend.received();
  }

  /** What the gateway process wrote to its standard output and error so far. */
  List<String> output() {
    return process.output();
  }

  void awaitOutput(String text) throws InterruptedException {
    process.awaitOutput(text, PATIENCE);
  }

  /** A consumer with an API key. */
  record KeyAuthConsumer(String id, String key) {}

  /** Creates a user named {@code username} and a key-auth credential of it (Admin API). */
  KeyAuthConsumer keyAuthConsumer(String username) {
    String id =
        admin(
                "POST",
                "/users",
                new JsonObject()
                    .put("username", username)
                    .put("firstname", "First")
                    .put("lastname", "Last"))
            .getString("id");
    JsonObject credential =
        admin(
            "POST",
            "/credentials",
            new JsonObject()
                .put("consumerId", id)
                .put("type", "key-auth")
                .put("credential", new JsonObject()));
    return new KeyAuthConsumer(
        id, credential.getString("keyId") + ":" + credential.getString("keySecret"));
  }

  JsonObject admin(String method, String path, JsonObject body) {
    return AdminCalls.call(http, "http://127.0.0.1:" + admin, method, path, body);
  }

  private HttpResponse<String> send(HttpRequest request) {
    return AdminCalls.send(http, request);
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
    if (backend != null) {
      backend.close();
    }
    vertx.close();
  }
}
