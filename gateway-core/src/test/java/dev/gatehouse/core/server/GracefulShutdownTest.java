package dev.gatehouse.core.server;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.TestBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the gateway drains requests in flight within shutdownTimeout, then refuses new ones. */
@ExtendWith(BlockedThreadGuard.class)
class GracefulShutdownTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: '/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [proxy]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - proxy: {action: {serviceEndpoint: backend}}
      """;

  @TempDir Path dir;
  private Vertx vertx;
  private Http http;
  private TestBackend backend;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = new Http(vertx);
    backend = TestBackend.start(vertx, "backend");
  }

  @AfterEach
  void tearDown() {
    backend.close();
    http.close();
    join(vertx.close());
  }

  private GatewayFixture gateway(String system) throws Exception {
    return GatewayFixture.config(dir)
        .env("BACKEND", backend.url())
        .gateway(CONFIG)
        .system(system)
        .start();
  }

  @Test
  void aRequestInFlightWhenStoppingStillGetsItsAnswer() throws Exception {
    GatewayFixture gateway = gateway("shutdownTimeout: 5000\n");
    int port = gateway.port();
    Future<Reply> slow = http.get(port, "/slow/800");
    awaitBackendReceived();

    long started = System.nanoTime();
    gateway.close();
    long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    Reply reply = join(slow);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("path")).isEqualTo("/slow/800");
    assertThat(stopMillis).as("the stop waited for the request").isGreaterThanOrEqualTo(300);
    assertThat(refusesConnections(port)).isTrue();
  }

  @Test
  void aRequestOutlastingTheDrainTimeIsCutAndTheStopDoesNotWaitForIt() throws Exception {
    GatewayFixture gateway = gateway("shutdownTimeout: 200\n");
    Future<Reply> hanging = http.get(gateway.port(), "/hang");
    awaitBackendReceived();

    long started = System.nanoTime();
    gateway.close();
    long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(stopMillis).isLessThan(5_000);
    assertThat(hanging.toCompletionStage().toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(5));
  }

  private void awaitBackendReceived() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (backend.received().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(backend.received()).isNotEmpty();
  }

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return true;
    }
  }
}
