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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded identity store keeps every write the Admin API acknowledged when the gateway process
 * is killed with SIGKILL in the middle of a stream of writes: after a restart on the same data
 * folder, each acknowledged user, application and credential is there.
 */
class IdentityCrashIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int WRITERS = 4;
  private static final int ACKNOWLEDGED_BEFORE_THE_KILL = 120;
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern KEY_ID = Pattern.compile("\"keyId\"\\s*:\\s*\"([^\"]+)\"");

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private int admin;

  /** What the Admin API acknowledged with a 2xx, by kind. */
  private final Queue<String> users = new ConcurrentLinkedQueue<>();

  private final Queue<String> apps = new ConcurrentLinkedQueue<>();
  private final Queue<String> keys = new ConcurrentLinkedQueue<>();
  private final AtomicInteger acknowledged = new AtomicInteger();

  /** Answers other than the expected success, which the writers cannot assert on their threads. */
  private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

  @Test
  void everyAcknowledgedWriteSurvivesAKillDuringAStreamOfWrites() throws Exception {
    Path config = GatehouseProcess.copyDefaultConfig(dir.resolve("config"));
    Path data = dir.resolve("data");
    Files.writeString(
        config.resolve("system.config.yml"),
        "db:\n  embedded:\n    path: '" + data + "'\ncrypto:\n  cipherKey: crash-test\n");
    admin = GatehouseProcess.freePort();
    Map<String, String> env =
        Map.of(
            "GATEHOUSE_HTTP_PORT", String.valueOf(GatehouseProcess.freePort()),
            "GATEHOUSE_ADMIN_PORT", String.valueOf(admin),
            "GATEHOUSE_CDS", "off");

    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(env, "start", "--config-dir", config.toString())) {
      awaitAdmin(gatehouse);
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        int writer = i;
        Thread thread = new Thread(() -> write(writer), "writer-" + writer);
        thread.start();
        writers.add(thread);
      }
      awaitAcknowledged(gatehouse);

      gatehouse.kill();
      assertThat(gatehouse.waitFor(PATIENCE)).as("killed by SIGKILL").isEqualTo(137);
      for (Thread writer : writers) {
        writer.join(PATIENCE.toMillis());
        assertThat(writer.isAlive()).as("a writer stopped when the gateway died").isFalse();
      }
      assertThat(unexpected).isEmpty();
      System.out.printf(
          "crash_test acknowledged users=%d apps=%d credentials=%d%n",
          users.size(), apps.size(), keys.size());
      assertThat(gatehouse.output()).noneMatch(line -> line.contains("gatehouse_stopping"));
    }

    try (GatehouseProcess restarted =
        GatehouseProcess.start(env, "start", "--config-dir", config.toString())) {
      awaitAdmin(restarted);
      assertThat(users).hasSizeGreaterThan(ACKNOWLEDGED_BEFORE_THE_KILL / 3 - WRITERS);
      for (String username : users) {
        assertThat(get("/users/" + username).statusCode()).as("user " + username).isEqualTo(200);
      }
      for (String app : apps) {
        assertThat(get("/apps/" + app).statusCode()).as("app " + app).isEqualTo(200);
      }
      for (String keyId : keys) {
        HttpResponse<String> key = get("/credentials/key-auth/" + keyId);
        assertThat(key.statusCode()).as("key-auth " + keyId).isEqualTo(200);
        assertThat(key.body()).containsPattern("\"isActive\"\\s*:\\s*true");
      }
    }
  }

  /**
   * Creates a user, an application of it and a key-auth credential of the application, again and
   * again, until the gateway stops answering; records what was acknowledged.
   */
  private void write(int writer) {
    try {
      for (int round = 0; ; round++) {
        String username = "w" + writer + "-u" + round;
        HttpResponse<String> user =
            post(
                "/users",
                "{\"username\":\"%s\",\"firstname\":\"Crash\",\"lastname\":\"Test\"}"
                    .formatted(username));
        if (refused(user)) {
          return;
        }
        users.add(username);
        acknowledged.incrementAndGet();
        HttpResponse<String> app =
            post("/apps", "{\"userId\":\"%s\",\"name\":\"portal\"}".formatted(username));
        if (refused(app)) {
          return;
        }
        String appId = first(ID, app.body());
        apps.add(appId);
        acknowledged.incrementAndGet();
        HttpResponse<String> key =
            post(
                "/credentials",
                "{\"consumerId\":\"%s\",\"type\":\"key-auth\",\"credential\":{}}".formatted(appId));
        if (refused(key)) {
          return;
        }
        keys.add(first(KEY_ID, key.body()));
        acknowledged.incrementAndGet();
      }
    } catch (IOException gatewayDied) {
      // The stream ends when the gateway is killed: a request in flight was never acknowledged.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      unexpected.add(e.toString());
    }
  }

  private boolean refused(HttpResponse<String> response) {
    if (response.statusCode() == 200) {
      return false;
    }
    unexpected.add(response.request().uri() + " " + response.statusCode() + " " + response.body());
    return true;
  }

  private void awaitAcknowledged(GatehouseProcess gatehouse) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (acknowledged.get() < ACKNOWLEDGED_BEFORE_THE_KILL) {
      if (System.nanoTime() > deadline || !gatehouse.isAlive()) {
        throw new AssertionError(
            acknowledged.get() + " writes acknowledged; log:\n" + gatehouse.output());
      }
      Thread.sleep(5);
    }
  }

  private void awaitAdmin(GatehouseProcess gatehouse) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!gatehouse.isAlive()) {
        throw new AssertionError("gatehouse exited:\n" + String.join("\n", gatehouse.output()));
      }
      try {
        get("/scopes");
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no Admin API within " + PATIENCE + ":\n" + gatehouse.output());
  }

  private static String first(Pattern pattern, String json) {
    Matcher matcher = pattern.matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + pattern + " in " + json);
    }
    return matcher.group(1);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        request(path)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path)).timeout(PATIENCE);
  }
}
