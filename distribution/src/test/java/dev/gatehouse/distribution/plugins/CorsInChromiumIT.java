package dev.gatehouse.distribution.plugins;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.GatewayFixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The policy as a browser sees it: a page served from one origin calls the gateway, on another,
 * with {@code fetch} in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}). Skipped when they are not installed; {@code .ci/run} installs them.
 */
class CorsInChromiumIT {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static HttpServer allowedSite;
  private static HttpServer otherSite;
  private static GatewayFixture gateway;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
    Optional<Path> driver = onPath("chromedriver");
    Assumptions.assumeTrue(
        chromium.isPresent() && driver.isPresent(),
        "chromium and chromedriver are not installed (Debian: apt-get install -y chromium"
            + " chromium-driver)");

    vertx = Vertx.vertx();
    allowedSite = join(site().listen(0, "127.0.0.1"));
    otherSite = join(site().listen(0, "127.0.0.1"));
    gateway =
        GatewayFixture.config(dir.resolve("config"))
            .plugins(ShippedPlugins.FOLDERS)
            .gateway(
                """
                http: {port: 0}
                apiEndpoints:
                  public: {paths: '/public'}
                  private: {paths: '/private'}
                  readonly: {paths: '/readonly'}
                policies: [cors, test-require-key, test-echo]
                pipelines:
                  public:
                    apiEndpoints: [public]
                    policies:
                      - cors:
                          - action: {origin: ['%1$s']}
                      - test-echo:
                  private:
                    apiEndpoints: [private]
                    policies:
                      - cors:
                          - action:
                              origin: ['%1$s']
                              credentials: true
                              allowedHeaders: [x-api-key, content-type]
                              exposedHeaders: [www-authenticate]
                      - test-require-key:
                      - test-echo:
                  readonly:
                    apiEndpoints: [readonly]
                    policies:
                      - cors:
                          - action: {origin: ['%1$s'], methods: [GET]}
                      - test-echo:
                """
                    .formatted(origin(allowedSite)))
            .start();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.get().toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      join(vertx.close());
    }
  }

  /** An empty page: the scripts the test runs in it are its content. */
  private static HttpServer site() {
    return vertx
        .createHttpServer()
        .requestHandler(
            request ->
                request
                    .response()
                    .putHeader("content-type", "text/html")
                    .end("<!doctype html><title>site</title><p>site</p>"));
  }

  private static String origin(HttpServer site) {
    return "http://127.0.0.1:" + site.actualPort();
  }

  /** Opens {@code site}'s page and runs {@code fetch(path, init)} against the gateway there. */
  @SuppressWarnings("unchecked")
  private static JsonObject fetchFrom(HttpServer site, String path, String init) {
    browser.get(origin(site) + "/");
    String script =
        """
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], %s)
          .then(r => r.text().then(body => done({
              status: r.status,
              body: body,
              challenge: r.headers.get('www-authenticate')})))
          .catch(e => done({error: e.name + ': ' + e.message}));
        """
            .formatted(init);
    Object result =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(script, "http://127.0.0.1:" + gateway.port() + path);
    return new JsonObject((Map<String, Object>) result);
  }

  @Test
  void aSimpleRequestFromAnAllowedOriginIsReadable() {
    JsonObject result = fetchFrom(allowedSite, "/public", "{}");

    assertThat(result.getString("error"))
        .as("readable: the gateway allowed this page's origin")
        .isNull();
    assertThat(result.getLong("status")).isEqualTo(200);
    assertThat(new JsonObject(result.getString("body")).getString("pipeline")).isEqualTo("public");
  }

  @Test
  void aPreflightedPutWithACustomHeaderAndCredentialsGoesThrough() {
    JsonObject result =
        fetchFrom(
            allowedSite,
            "/private",
            "{method: 'PUT', credentials: 'include', headers: {'x-api-key': 'k-1',"
                + " 'content-type': 'application/json'}, body: '{}'}");

    assertThat(result.getString("error")).isNull();
    assertThat(result.getLong("status")).isEqualTo(200);
    assertThat(new JsonObject(result.getString("body")).getString("method")).isEqualTo("PUT");
  }

  @Test
  void aPutThatThePreflightDoesNotAllowIsBlockedByTheBrowser() {
    JsonObject result = fetchFrom(allowedSite, "/readonly", "{method: 'PUT', body: 'x'}");

    assertThat(result.getString("error")).startsWith("TypeError");
  }

  @Test
  void aPageOfADisallowedOriginCannotReadTheGateway() {
    JsonObject result = fetchFrom(otherSite, "/public", "{}");

    assertThat(result.getString("error"))
        .as("the response lacks an Access-Control-Allow-Origin for this page")
        .startsWith("TypeError");
  }

  @Test
  void a401FromALaterPolicyIsReadableByThePage() {
    JsonObject result = fetchFrom(allowedSite, "/private", "{credentials: 'include'}");

    assertThat(result.getString("error")).isNull();
    assertThat(result.getLong("status")).isEqualTo(401);
    assertThat(new JsonObject(result.getString("body")).getString("code"))
        .isEqualTo("auth.missing");
    assertThat(result.getString("challenge")).isEqualTo("apiKey realm=\"gatehouse\"");
  }

  private static Optional<Path> onPath(String... names) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of(names)) {
        Path candidate = Path.of(folder, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
