package dev.gatehouse.core.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.store.StoreScript;
import dev.gatehouse.core.identity.redis.RedisConfig;
import dev.gatehouse.core.identity.redis.RedisConnections;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scripts on a real Redis: prefixed keys, plain replies, NOSCRIPT, an outage and the recovery. */
@ExtendWith(BlockedThreadGuard.class)
class RedisScriptStoreTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private static final String INCREMENT =
      "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return n";

  private Vertx vertx;
  private RedisScriptStore store;

  /**
   * The JVM's first Redis connection loads Netty's and the client's classes, which on a busy
   * machine takes longer than a command may; that is start-up, not the store.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject section = new JsonObject().put("host", REDIS.host()).put("port", REDIS.port());
    RedisConnections connections =
        join(RedisConnections.open(vertx, RedisConfig.parse(section, Path.of("."))));
    join(connections.client().send(Request.cmd(Command.PING)));
    connections.close();
    join(vertx.close());
  }

  @BeforeEach
  void setUp() throws Exception {
    REDIS.flushAll();
    vertx = Vertx.vertx();
    store = storeWithNamespace("GH");
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
    join(vertx.close());
  }

  private RedisScriptStore storeWithNamespace(String namespace) throws Exception {
    JsonObject section =
        new JsonObject()
            .put("host", REDIS.host())
            .put("port", REDIS.port())
            .put("namespace", namespace);
    return RedisScriptStore.over(
        join(RedisConnections.open(vertx, RedisConfig.parse(section, Path.of(".")))));
  }

  @Test
  void aScriptRunsAtomicallyOnKeysUnderTheNamespace() throws Exception {
    StoreScript increment = store.script(INCREMENT);

    assertThat(join(increment.run(List.of("hits:a"), List.of("60000")))).isEqualTo(1L);
    assertThat(join(increment.run(List.of("hits:a"), List.of("60000")))).isEqualTo(2L);
    assertThat(store.keyPrefix()).isEqualTo("GH-");
    assertThat(REDIS.call("GET", "GH-hits:a")).isEqualTo("2");
    assertThat(Long.parseLong(REDIS.call("PTTL", "GH-hits:a"))).isPositive();
  }

  @Test
  void repliesArePlainValues() throws Exception {
    StoreScript script = store.script("return {1, 'two', {3}, false, 'x'}");

    assertThat(join(script.run(List.of(), List.of())))
        .isEqualTo(Arrays.asList(1L, "two", List.of(3L), null, "x"));
    assertThat(join(store.script("return nil").run(List.of(), List.of()))).isNull();
    assertThat(join(store.script("return redis.status_reply('OK')").run(List.of(), List.of())))
        .isEqualTo("OK");
  }

  @Test
  void aScriptTheServerForgotIsLoadedAgain() throws Exception {
    StoreScript increment = store.script(INCREMENT);
    join(increment.run(List.of("k"), List.of("1000")));

    REDIS.call("SCRIPT", "FLUSH");

    assertThat(join(increment.run(List.of("k"), List.of("1000")))).isEqualTo(2L);
    assertThat(REDIS.call("SCRIPT", "EXISTS", increment.sha1())).isEqualTo("[1]");
  }

  @Test
  void aScriptErrorFailsTheRun() {
    StoreScript broken = store.script("return redis.call('NOSUCHCOMMAND')");

    assertThatThrownBy(() -> join(broken.run(List.of(), List.of())))
        .hasMessageContaining("Unknown Redis command");
  }

  @Test
  void runsFailWhileRedisIsDownAndWorkAgainWhenItIsBack() throws Exception {
    StoreScript increment = store.script(INCREMENT);
    assertThat(join(increment.run(List.of("k"), List.of("60000")))).isEqualTo(1L);

    REDIS.kill();
    try {
      for (int i = 0; i < 3; i++) {
        Future<Object> run = increment.run(List.of("k"), List.of("60000"));
        assertThatThrownBy(() -> join(run)).isInstanceOf(ExecutionException.class);
      }
    } finally {
      REDIS.start();
    }

    assertThat(eventually(() -> increment.run(List.of("k"), List.of("60000"))))
        .as("a fresh server: the counter starts again, and the script is loaded again")
        .isEqualTo(1L);
  }

  @Test
  void aServerThatDoesNotAnswerFailsTheRunAfterTheTimeout() throws Exception {
    StoreScript increment = store.script(INCREMENT);
    join(increment.run(List.of("k"), List.of("60000")));
    // The server holds every other client's commands for two seconds: longer than the store waits.
    REDIS.call("CLIENT", "PAUSE", "2000");

    long started = System.nanoTime();
    assertThatThrownBy(() -> join(increment.run(List.of("k"), List.of("60000"))))
        .hasMessageContaining("imeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(Duration.ofMillis(RedisScriptStore.COMMAND_TIMEOUT_MS + 900));
  }

  /** Retries a run (Redis restarting) until it succeeds, for at most 10 seconds. */
  private static Object eventually(java.util.function.Supplier<Future<Object>> run)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return join(run.get());
      } catch (ExecutionException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(50);
      }
    }
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
