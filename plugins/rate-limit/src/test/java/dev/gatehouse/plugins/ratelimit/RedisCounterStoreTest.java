package dev.gatehouse.plugins.ratelimit;

import dev.gatehouse.core.identity.redis.RedisConfig;
import dev.gatehouse.core.identity.redis.RedisConnections;
import dev.gatehouse.core.scripts.RedisScriptStore;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store's scripts against a real Redis: the same decisions as in process. */
class RedisCounterStoreTest extends CounterStoreContract {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private static Vertx vertx;
  private static RedisScriptStore scripts;
  private static RedisCounterStore store;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    JsonObject section = new JsonObject().put("host", REDIS.host()).put("port", REDIS.port());
    RedisConnections connections = null;
    // The JVM's first Redis connection loads the client's classes, which on a busy machine can
    // outlast the client's one-second connect timeout: start-up, not the store under test.
    for (int attempt = 1; connections == null; attempt++) {
      try {
        RedisConnections opened =
            join(RedisConnections.open(vertx, RedisConfig.parse(section, Path.of("."))));
        join(opened.client().send(Request.cmd(Command.PING)));
        connections = opened;
      } catch (AssertionError slowStart) {
        if (attempt == 3) {
          throw slowStart;
        }
      }
    }
    scripts = RedisScriptStore.over(connections);
    store = new RedisCounterStore(scripts);
  }

  @BeforeEach
  void emptyRedis() {
    REDIS.flushAll();
  }

  @AfterAll
  static void close() {
    scripts.close();
    join(vertx.close());
  }

  @Override
  CounterStore store() {
    return store;
  }
}
