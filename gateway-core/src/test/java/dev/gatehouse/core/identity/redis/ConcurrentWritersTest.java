package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.app;
import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static dev.gatehouse.core.identity.redis.StoreFixture.basicAuth;
import static dev.gatehouse.core.identity.redis.StoreFixture.keyAuth;
import static dev.gatehouse.core.identity.redis.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway instances (two Vert.x, two stores) writing the same things at the same moment: the
 * store's invariants hold, with exactly one winner and conflicts for the rest.
 */
@ExtendWith(BlockedThreadGuard.class)
class ConcurrentWritersTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private static final int WRITERS_EACH = 8;

  private StoreFixture one;
  private StoreFixture two;
  private RedisIdentityStore first;
  private RedisIdentityStore second;

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
  }

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    one = new StoreFixture(REDIS);
    two = new StoreFixture(REDIS);
    first = one.store();
    second = two.store();
  }

  @AfterEach
  void tearDown() {
    one.close();
    two.close();
  }

  @Test
  void concurrentUsersWithOneUsernameLeaveOneWinner() {
    List<UserRecord> winners = race(store -> store.insertUser(user("ada")));

    assertThat(winners).hasSize(1);
    assertThat(await(first.userByName("ada"))).contains(winners.get(0));
    assertThat(REDIS.sorted("SMEMBERS", "EG-username:ada")).containsExactly(winners.get(0).id());
    assertThat(REDIS.sorted("KEYS", "EG-user:*")).hasSize(1);
  }

  @Test
  void concurrentAppsWithOneNameForOneUserLeaveOneWinner() {
    UserRecord ada = await(first.insertUser(user("ada")));

    List<AppRecord> winners = race(store -> store.insertApp(app(ada.id(), "portal")));

    assertThat(winners).hasSize(1);
    assertThat(await(second.appsOfUser(ada.id()))).containsExactly(winners.get(0));
  }

  @Test
  void concurrentActiveBasicAuthCredentialsLeaveOneWinner() {
    UserRecord ada = await(first.insertUser(user("ada")));

    assertThat(race(store -> store.insertCredential(basicAuth(ada.id(), Set.of())))).hasSize(1);
  }

  @Test
  void concurrentCredentialsWithOneKeyIdLeaveOneWinner() {
    UserRecord ada = await(first.insertUser(user("ada")));
    UserRecord grace = await(first.insertUser(user("grace")));

    List<?> winners =
        race(
            store ->
                store.insertCredential(
                    keyAuth(store == first ? ada.id() : grace.id(), "the-key", Set.of())));

    assertThat(winners).hasSize(1);
    assertThat(
            await(first.credentialsOf(ada.id())).size()
                + await(first.credentialsOf(grace.id())).size())
        .isEqualTo(1);
  }

  @Test
  void concurrentScopeCreationsLeaveOneWinner() {
    assertThat(race(store -> store.insertScopes(Set.of("read", "write")).map("created")))
        .hasSize(1);
  }

  @Test
  void anAppRacingItsUsersDeletionIsNeverLeftWithoutAUser() {
    for (int round = 0; round < 10; round++) {
      UserRecord ada = await(first.insertUser(user("ada" + round)));
      Future<AppRecord> insert = second.insertApp(app(ada.id(), "portal"));
      Future<Boolean> delete = first.deleteUser(ada.id());
      await(Future.join(insert, delete).recover(e -> Future.succeededFuture()));

      assertThat(await(first.appsByName("portal"))).as("round " + round).isEmpty();
      assertThat(REDIS.sorted("KEYS", "EG-user-applications:*")).isEmpty();
      if (insert.failed()) {
        assertThat(((IdentityException) insert.cause()).kind())
            .isEqualTo(IdentityException.Kind.NOT_FOUND);
      }
    }
  }

  /** Starts the write on both stores, {@value #WRITERS_EACH} times each, all at once. */
  private <T> List<T> race(Function<RedisIdentityStore, Future<T>> write) {
    List<Future<T>> writes = new ArrayList<>();
    for (int i = 0; i < WRITERS_EACH; i++) {
      writes.add(write.apply(first));
      writes.add(write.apply(second));
    }
    await(Future.join(writes).recover(e -> Future.succeededFuture()));
    List<T> winners = new ArrayList<>();
    for (Future<T> attempt : writes) {
      if (attempt.succeeded()) {
        winners.add(attempt.result());
      } else {
        assertThat(attempt.cause()).isInstanceOf(IdentityException.class);
        assertThat(((IdentityException) attempt.cause()).kind())
            .as(attempt.cause().getMessage())
            .isEqualTo(IdentityException.Kind.CONFLICT);
      }
    }
    return winners;
  }
}
