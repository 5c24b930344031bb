package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static dev.gatehouse.core.identity.redis.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store finds its master through Redis Sentinel ({@code sentinels} and {@code name}). */
@ExtendWith(BlockedThreadGuard.class)
class RedisSentinelTest {

  @RegisterExtension
  @Order(1)
  static final RedisServer MASTER = RedisServer.plain();

  @RegisterExtension
  @Order(2)
  static final RedisServer SENTINEL = RedisServer.sentinelOf(MASTER);

  private StoreFixture one;
  private StoreFixture two;

  private static JsonObject section() {
    return new JsonObject()
        .put(
            "sentinels",
            new JsonArray()
                .add(new JsonObject().put("host", SENTINEL.host()).put("port", SENTINEL.port())))
        .put("name", "mymaster")
        .put("db", 1);
  }

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(MASTER, section(), Path.of("."));
  }

  @BeforeEach
  void setUp() {
    MASTER.flushAll();
    one = new StoreFixture(MASTER);
    two = new StoreFixture(MASTER);
  }

  @AfterEach
  void tearDown() {
    one.close();
    two.close();
  }

  @Test
  void theStoreWritesToTheMasterTheSentinelsName() throws InterruptedException {
    RedisIdentityStore writer = one.store(section());
    RedisIdentityStore reader = two.store(section());
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    reader.onRemoteChange(heard::add);

    UserRecord ada = await(writer.insertUser(user("ada")));

    assertThat(await(reader.userByName("ada"))).contains(ada);
    assertThat(MASTER.call("EXISTS", "EG-user:" + ada.id())).as("database 0").isEqualTo("0");
    assertThat(heard.poll(1, TimeUnit.SECONDS)).isEqualTo("user:" + ada.id());
  }
}
