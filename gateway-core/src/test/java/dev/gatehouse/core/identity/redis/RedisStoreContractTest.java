package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.Futures.await;

import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.IdentityStoreContract;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store keeps the contract every identity store keeps, on a real redis-server. */
class RedisStoreContractTest extends IdentityStoreContract {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
  }

  @BeforeEach
  void emptyRedis() {
    REDIS.flushAll();
  }

  @Override
  protected IdentityStore open(Vertx vertx) {
    JsonObject section = new JsonObject().put("host", REDIS.host()).put("port", REDIS.port());
    return await(RedisIdentityStore.connect(vertx, section, Path.of(".")));
  }
}
