package dev.gatehouse.core.reload;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.CloseablePolicyFactory;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.LogCapture;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import dev.gatehouse.core.testing.TlsFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload of gateway.config.yml (compat 2.5 and section 7 item 39). */
@ExtendWith(BlockedThreadGuard.class)
class HotReloadTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static final String PROXIED =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/api/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [proxy, terminate, test-closeable]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - test-closeable:
            - proxy:
                - action: {serviceEndpoint: backend}
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;
  private GatewayFixture gateway;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
  }

  @AfterEach
  void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
    backend.close();
    http.close();
    join(vertx.close());
  }

  private void start(String config) throws Exception {
    gateway = GatewayFixture.config(dir).env("BACKEND", backend.url()).gateway(config).start();
  }

  private void rewrite(String config) throws IOException {
    Path file = dir.resolve("gateway.config.yml");
    Path temp = dir.resolve("gateway.config.yml.tmp");
    Files.writeString(temp, config);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private Reply get(String uri) {
    return join(http.get(gateway.port(), uri));
  }

  /** Polls (bounded) until a request shows the reloaded behaviour. */
  private Reply awaitReply(String uri, Predicate<Reply> expected) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Reply reply = get(uri);
    while (!expected.test(reply) && System.nanoTime() < deadline) {
      Thread.sleep(25);
      reply = get(uri);
    }
    return reply;
  }

  @Test
  void removingTheProxyStepMakesRequestsFallThroughTo404WithoutRestart() throws Exception {
    start(PROXIED);
    assertThat(get("/api/x").status()).isEqualTo(200);

    rewrite(
        PROXIED.replace("      - proxy:\n          - action: {serviceEndpoint: backend}\n", ""));

    assertThat(awaitReply("/api/x", r -> r.status() == 404).status()).isEqualTo(404);
  }

  @Test
  void addingAPolicyToTheWhitelistAndPipelineTakesEffect() throws Exception {
    start(PROXIED);

    rewrite(
        PROXIED.replace(
            "      - test-closeable:\n",
            "      - terminate:\n          - action: {statusCode: 401, message: who are you}\n"));

    Reply reply = awaitReply("/api/x", r -> r.status() == 401);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().getString("detail")).isEqualTo("who are you");
  }

  @Test
  void anUnparsableFileKeepsTheRunningConfiguration() throws Exception {
    start(PROXIED);
    CompiledGateway before = gateway.gatehouse().compiled();

    rewrite("http: {port: 0\napiEndpoints: [[[\n");

    assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.REFUSED);
    assertThat(gateway.gatehouse().compiled()).isSameAs(before);
    assertThat(get("/api/x").status()).isEqualTo(200);
  }

  @Test
  void aListenerChangeIsAppliedToRoutesAndWarnsThatTheListenerNeedsARestart() throws Exception {
    TlsFiles.copyInto(dir);
    start(PROXIED);
    int port = gateway.port();

    try (LogCapture log = LogCapture.of(ConfigReloader.class.getName(), Level.WARN)) {
      rewrite(
          PROXIED.replace(
              "http: {port: 0}",
              "http: {port: 0}\nhttps: {port: 0, tls: {default: {key: tls/server.key, cert: tls/server.crt}}}"));

      assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.APPLIED);
      assertThat(log.await(e -> e.getFormattedMessage().startsWith("config_change_needs_restart")))
          .isNotNull();
    }
    assertThat(gateway.port()).isEqualTo(port);
    assertThat(get("/api/x").status()).isEqualTo(200);
  }

  @Test
  void anInvalidConfigurationIsRefusedAndReleasesWhatItOpened() throws Exception {
    start(PROXIED);
    int closedBefore = CloseablePolicyFactory.CLOSED.get();

    rewrite(PROXIED.replace("serviceEndpoint: backend}", "serviceEndpoint: nowhere}"));

    assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.REFUSED);
    assertThat(get("/api/x").status()).isEqualTo(200);
    assertThat(CloseablePolicyFactory.CLOSED.get()).isEqualTo(closedBefore + 1);
  }

  @Test
  void replacedConfigurationsAreClosedAndReleased() throws Exception {
    start(PROXIED);
    List<WeakReference<CompiledGateway>> replaced = new ArrayList<>();
    int closedBefore = CloseablePolicyFactory.CLOSED.get();

    for (int i = 0; i < 50; i++) {
      replaced.add(new WeakReference<>(gateway.gatehouse().compiled()));
      assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.APPLIED);
    }

    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline
        && (CloseablePolicyFactory.CLOSED.get() < closedBefore + 50
            || replaced.stream().anyMatch(r -> r.get() != null))) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(CloseablePolicyFactory.CLOSED.get()).isEqualTo(closedBefore + 50);
    assertThat(replaced).allMatch(r -> r.get() == null);
  }

  @Test
  void reloadsUnderLoadFailNoRequest() throws Exception {
    start(PROXIED);
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Thread client =
          new Thread(
              () -> {
                while (loading.get()) {
                  Future<Reply> reply = http.get(gateway.port(), "/api/load");
                  try {
                    Reply r = join(reply);
                    if (r.status() != 200) {
                      failures.add(r.toString());
                    }
                    answered.incrementAndGet();
                  } catch (AssertionError e) {
                    failures.add(e.getMessage());
                  }
                }
              });
      client.start();
      clients.add(client);
    }
    while (answered.get() < 50) {
      Thread.sleep(10);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(gateway.gatehouse().reload()).isEqualTo(ConfigReloader.Result.APPLIED);
      Thread.sleep(50);
    }
    loading.set(false);
    for (Thread client : clients) {
      client.join(PATIENCE.toMillis());
    }

    assertThat(failures).isEmpty();
    assertThat(answered.get()).isGreaterThan(100);
  }

  @Test
  void egDisableConfigWatchTurnsTheWatcherOff() throws Exception {
    gateway =
        GatewayFixture.config(dir)
            .env("BACKEND", backend.url())
            .env("EG_DISABLE_CONFIG_WATCH", "false")
            .gateway(PROXIED)
            .start();

    rewrite(PROXIED.replace("paths: '/api/*'", "paths: '/other/*'"));
    Thread.sleep(ConfigWatcher.SETTLE_MILLIS * 4);

    assertThat(get("/api/x").status()).as("the old configuration still serves").isEqualTo(200);
  }
}
