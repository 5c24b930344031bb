package dev.gatehouse.distribution.auth;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.distribution.AdminCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real gateway started in this JVM on ephemeral ports, with the plugins of the built
 * distribution's {@code plugins/} folder (the jars we ship), its own embedded identity store, an
 * admin listener to create consumers through the Admin API, and a backend that answers with the
 * headers it received.
 *
 * <pre>{@code
 * try (AuthGateway gateway = AuthGateway.start(dir, yaml)) {
 *   HttpResponse<String> answer = gateway.get("/orders", "authorization", "apiKey id:secret");
 * }
 * }</pre>
 */
final class AuthGateway implements AutoCloseable {

  /** Replaced by the backend's URL in configurations. */
  static final String BACKEND = "${BACKEND}";

  private final Gatehouse gatehouse;
  private final HttpServer backend;
  private final HttpClient http =
      HttpClient.newBuilder()
          // HTTP/1.1: large tokens must reach the policy, not an h2c upgrade's header limits.
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private AuthGateway(Gatehouse gatehouse, HttpServer backend) {
    this.gatehouse = gatehouse;
    this.backend = backend;
  }

  /** The distribution's plugins folder, as the launcher loads it. */
  static Path pluginsFolder() {
    String home = System.getProperty("gatehouse.distribution");
    if (home == null) {
      throw new IllegalStateException("run through Maven: gatehouse.distribution is not set");
    }
    return Path.of(home, "plugins");
  }

  /**
   * Writes {@code gatewayYaml} (with {@code ${BACKEND}} replaced and {@code http} and {@code admin}
   * sections added) to {@code dir} and starts a gateway on it.
   */
  static AuthGateway start(Path dir, String gatewayYaml) throws Exception {
    HttpServer backend = echoBackend();
    try {
      Files.createDirectories(dir);
      String backendUrl = "http://127.0.0.1:" + backend.getAddress().getPort();
      Files.writeString(
          dir.resolve("gateway.config.yml"),
          "http: {port: 0}\nadmin: {port: 0, host: 127.0.0.1}\n"
              + gatewayYaml.replace(BACKEND, backendUrl));
      Files.writeString(
          dir.resolve("system.config.yml"),
          "db:\n  embedded:\n    path: '"
              + dir.resolve("data").toAbsolutePath()
              + "'\ncrypto:\n  saltRounds: 4\n  cipherKey: test-cipher-key-of-some-length\n");
      Gatehouse gatehouse =
          Gatehouse.start(
              new Gatehouse.Options(
                  new ConfigFiles(dir),
                  Map.of("EG_DISABLE_CONFIG_WATCH", "true"),
                  List.of(pluginsFolder())));
      return new AuthGateway(gatehouse, backend);
    } catch (Exception | Error e) {
      backend.stop(0);
      throw e;
    }
  }

  /** Answers every request with 200 and a JSON object of the request headers (lower-case names). */
  private static HttpServer echoBackend() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonObject headers = new JsonObject();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
          byte[] body =
              new JsonObject()
                  .put("path", exchange.getRequestURI().toString())
                  .put("headers", headers)
                  .encode()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  int port() {
    return gatehouse.httpPort();
  }

  /** A GET to the gateway with the given header name/value pairs. */
  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
            .timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /** The headers the backend received, from its echo. */
  static JsonObject upstreamHeaders(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("headers");
  }

  /** The problem+json body of a denial. */
  static JsonObject problem(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  // --- Admin API

  /** Creates a user and returns its id. */
  String createUser(String username) {
    return admin(
            "POST",
            "/users",
            new JsonObject()
                .put("username", username)
                .put("firstname", "First")
                .put("lastname", "Last"))
        .getString("id");
  }

  /** Creates an application of {@code user} and returns its id. */
  String createApp(String user, String name) {
    return admin("POST", "/apps", new JsonObject().put("userId", user).put("name", name))
        .getString("id");
  }

  void createScopes(String... scopes) {
    admin("POST", "/scopes", new JsonObject().put("scopes", new JsonArray(List.of(scopes))));
  }

  /** Creates a credential; the answer holds its key id and secret. */
  JsonObject createCredential(String consumer, String type, JsonObject credential) {
    return admin(
        "POST",
        "/credentials",
        new JsonObject()
            .put("consumerId", consumer)
            .put("type", type)
            .put("credential", credential));
  }

  void setCredentialActive(String type, String id, boolean active) {
    admin(
        "PUT",
        "/credentials/" + type + "/" + id + "/status",
        new JsonObject().put("status", active));
  }

  void setUserActive(String user, boolean active) {
    admin("PUT", "/users/" + user + "/status", new JsonObject().put("status", active));
  }

  private JsonObject admin(String method, String path, JsonObject body) {
    return AdminCalls.call(http, "http://127.0.0.1:" + gatehouse.adminPort(), method, path, body);
  }

  private HttpResponse<String> send(HttpRequest request) {
    return AdminCalls.send(http, request);
  }

  @Override
  public void close() {
    gatehouse.close();
    backend.stop(0);
  }
}
