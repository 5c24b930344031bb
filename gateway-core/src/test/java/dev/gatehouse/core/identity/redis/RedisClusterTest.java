package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.app;
import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static dev.gatehouse.core.identity.redis.StoreFixture.keyAuth;
import static dev.gatehouse.core.identity.redis.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.Page;
import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisClusterServers;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store on a Redis Cluster of three masters: EG's keys spread over slots and nodes. */
@ExtendWith(BlockedThreadGuard.class)
class RedisClusterTest {

  @RegisterExtension static final RedisClusterServers CLUSTER = new RedisClusterServers();

  private StoreFixture one;
  private StoreFixture two;
  private RedisIdentityStore first;
  private RedisIdentityStore second;

  private static JsonObject section() {
    JsonArray nodes = new JsonArray();
    for (RedisServer node : CLUSTER.nodes()) {
      nodes.add(node.host() + ":" + node.port());
    }
    return new JsonObject().put("cluster", new JsonObject().put("nodes", nodes));
  }

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(CLUSTER.nodes().get(0), section(), Path.of("."));
  }

  @BeforeEach
  void setUp() {
    CLUSTER.flushAll();
    one = new StoreFixture(CLUSTER.nodes().get(0));
    two = new StoreFixture(CLUSTER.nodes().get(0));
    first = one.store(section());
    second = two.store(section());
  }

  @AfterEach
  void tearDown() {
    one.close();
    two.close();
  }

  @Test
  void usersAppsAndCredentialsLiveAcrossTheNodes() {
    UserRecord ada = await(first.insertUser(user("ada")));
    AppRecord portal = await(first.insertApp(app(ada.id(), "portal")));
    await(first.insertScopes(Set.of("read")));
    await(first.insertCredential(keyAuth(portal.id(), "k1", Set.of("read"))));

    assertThat(await(second.userByName("ada"))).contains(ada);
    assertThat(await(second.appsOfUser(ada.id()))).containsExactly(portal);
    assertThat(await(second.credentialsOf(portal.id()))).hasSize(1);
    assertThat(await(second.credentials())).hasSize(1);

    await(second.deleteScope("read"));
    assertThat(await(first.credential("key-auth", "k1")).orElseThrow().scopes()).isEmpty();
    assertThat(await(second.deleteUser(ada.id()))).isTrue();
    assertThat(await(first.credential("key-auth", "k1"))).isEmpty();
    assertThat(await(first.appsByName("portal"))).isEmpty();
  }

  @Test
  void listingsPageThroughEveryMaster() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      ids.add(await(first.insertUser(user("user" + i))).id());
    }
    Set<String> holders = new HashSet<>();
    for (RedisServer node : CLUSTER.nodes()) {
      if (!node.sorted("KEYS", "EG-user:*").isEmpty()) {
        holders.add(node.host() + ":" + node.port());
      }
    }
    assertThat(holders).as("users spread over the masters").hasSizeGreaterThan(1);

    List<String> seen = new ArrayList<>();
    String start = "0";
    do {
      Page<UserRecord> page = await(second.users(start, 7));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
      page.items().forEach(user -> seen.add(user.id()));
      start = page.nextKey();
    } while (!start.equals("0"));

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void concurrentDuplicatesFromTwoInstancesLeaveOneWinner() {
    List<Future<UserRecord>> writes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      writes.add(first.insertUser(user("ada")));
      writes.add(second.insertUser(user("ada")));
    }
    await(Future.join(writes).recover(e -> Future.succeededFuture()));

    assertThat(writes.stream().filter(Future::succeeded)).hasSize(1);
    writes.stream()
        .filter(Future::failed)
        .forEach(
            failed ->
                assertThat(((IdentityException) failed.cause()).kind())
                    .isEqualTo(IdentityException.Kind.CONFLICT));
  }

  @Test
  void anAclUserWithTheDocumentedRightsWorksOnTheCluster() {
    for (RedisServer node : CLUSTER.nodes()) {
      node.call(
          "ACL",
          "SETUSER",
          "gateway",
          "on",
          ">s3cret",
          "~EG-*",
          "resetchannels",
          "&EG-*",
          "+@read",
          "+@write",
          "+@transaction",
          "+@pubsub",
          "+@connection",
          "+@scripting",
          "+cluster|slots",
          "+cluster|nodes",
          "+select");
    }
    RedisIdentityStore store =
        one.store(section().put("username", "gateway").put("password", "s3cret"));

    UserRecord ada = await(store.insertUser(user("ada")));

    assertThat(await(store.users(null, 10)).items()).containsExactly(ada);
    assertThat(await(store.deleteUser(ada.id()))).isTrue();
  }

  @Test
  void invalidationsReachTheOtherInstance() throws InterruptedException {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    second.onRemoteChange(heard::add);

    UserRecord ada = await(first.insertUser(user("ada")));

    assertThat(heard.poll(1, TimeUnit.SECONDS)).isEqualTo("user:" + ada.id());
  }
}
