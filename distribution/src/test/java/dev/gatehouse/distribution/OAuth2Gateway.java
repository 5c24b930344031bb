package dev.gatehouse.distribution;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * A gateway of the built distribution (its own plugins folder, so the shipped OAuth 2.0 plugin jar)
 * in front of a real HTTP backend that echoes the request headers it received, with an API endpoint
 * {@code /api/*} protected by {@code oauth2} and requiring scope {@code read}, {@code /open/*}
 * protected without scopes, and {@code /jwt/*} protected by the {@code jwt} policy trusting the
 * gateway's own issuer ({@code localIssuer: true}) and requiring scope {@code read}. Talks to it
 * over real HTTP.
 */
final class OAuth2Gateway implements AutoCloseable {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  final int port = GatehouseProcess.freePort();
  final int admin = GatehouseProcess.freePort();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final HttpServer backend;
  private final GatehouseProcess process;

  /**
   * @param system the {@code system.config.yml} text; {@code ${PORT}} stands for the gateway's port
   * @param backendPort the echo backend's port, or 0 to start one
   */
  OAuth2Gateway(Path dir, String system, int backendPort) throws Exception {
    this(dir, system, backendPort, UnaryOperator.identity());
  }

  /**
   * @param edit changes the {@code gateway.config.yml} text before the gateway starts
   */
  OAuth2Gateway(Path dir, String system, int backendPort, UnaryOperator<String> edit)
      throws Exception {
    if (backendPort == 0) {
      backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      backend.createContext(
          "/",
          exchange -> {
            JsonObject headers = new JsonObject();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            byte[] body = new JsonObject().put("headers", headers).encode().getBytes();
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      backend.start();
      backendPort = backend.getAddress().getPort();
    } else {
      backend = null;
    }
    Path config = Files.createDirectories(dir.resolve("config-" + port));
    Files.writeString(
        config.resolve("gateway.config.yml"),
        edit.apply(
            """
        http: {port: %d}
        admin: {host: 127.0.0.1, port: %d}
        apiEndpoints:
          api: {paths: ['/api', '/api/*'], scopes: [read]}
          open: {paths: ['/open', '/open/*']}
          jwt: {paths: ['/jwt', '/jwt/*'], scopes: [read]}
        serviceEndpoints:
          backend: {url: 'http://127.0.0.1:%d'}
        policies: [oauth2, jwt, proxy]
        pipelines:
          api:
            apiEndpoints: [api, open]
            policies:
              - oauth2:
              - proxy:
                  - action: {serviceEndpoint: backend}
          jwt:
            apiEndpoints: [jwt]
            policies:
              - jwt:
                  - action: {localIssuer: true}
              - proxy:
                  - action: {serviceEndpoint: backend}
        """
                .formatted(port, admin, backendPort)));
    Files.writeString(
        config.resolve("system.config.yml"), system.replace("${PORT}", String.valueOf(port)));
    Path models = Files.createDirectories(config.resolve("models"));
    for (String model : List.of("users.json", "applications.json", "credentials.json")) {
      Files.copy(GatehouseProcess.home().resolve("config/models/" + model), models.resolve(model));
    }
    process = GatehouseProcess.start(Map.of(), "start", "--config-dir", config.toString());
    awaitReady();
  }

  int backendPort() {
    return backend.getAddress().getPort();
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("gatehouse exited:\n" + String.join("\n", process.output()));
      }
      try {
        send(HttpRequest.newBuilder(URI.create(adminUrl("/scopes"))).build());
        send(HttpRequest.newBuilder(URI.create(url("/.well-known/jwks.json"))).build());
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no answer within " + PATIENCE + ":\n" + process.output());
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  String adminUrl(String path) {
    return "http://127.0.0.1:" + admin + path;
  }

  List<String> output() {
    return process.output();
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path)));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.timeout(Duration.ofSeconds(30)).build());
  }

  HttpResponse<String> postForm(String path, Map<String, String> form, String... headers)
      throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.timeout(Duration.ofSeconds(30)).build());
  }

  static String form(Map<String, String> form) {
    StringJoiner joined = new StringJoiner("&");
    form.forEach(
        (k, v) ->
            joined.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return joined.toString();
  }

  static Map<String, String> params(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** A token request to {@code /oauth2/token} as the identity's client (client_secret_basic). */
  HttpResponse<String> token(Identity client, String... form) throws Exception {
    return postForm(
        "/oauth2/token", params(form), "authorization", basic(client.appId(), client.secret()));
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  JsonObject admin(String method, String path, JsonObject body) {
    return AdminCalls.call(http, adminUrl(""), method, path, body);
  }

  /** The identity a test uses: scopes, a user with a password, an app with an oauth2 credential. */
  record Identity(String userId, String appId, String secret) {}

  Identity identity(String redirectUri) throws Exception {
    admin(
        "POST",
        "/scopes",
        new JsonObject().put("scopes", new JsonArray().add("read").add("write")));
    String user =
        admin(
                "POST",
                "/users",
                new JsonObject()
                    .put("username", "ada")
                    .put("firstname", "Ada")
                    .put("lastname", "Lovelace"))
            .getString("id");
    admin(
        "POST",
        "/credentials",
        new JsonObject()
            .put("consumerId", user)
            .put("type", "basic-auth")
            .put("credential", new JsonObject().put("password", "s3cret-pass")));
    String app =
        admin(
                "POST",
                "/apps",
                new JsonObject()
                    .put("userId", user)
                    .put("name", "shop")
                    .put("redirectUri", redirectUri))
            .getString("id");
    JsonObject credential =
        admin(
            "POST",
            "/credentials",
            new JsonObject()
                .put("consumerId", app)
                .put("type", "oauth2")
                .put("credential", new JsonObject().put("scopes", new JsonArray().add("read"))));
    return new Identity(user, app, credential.getString("secret"));
  }

  @Override
  public void close() {
    process.close();
    if (backend != null) {
      backend.stop(0);
    }
  }
}
