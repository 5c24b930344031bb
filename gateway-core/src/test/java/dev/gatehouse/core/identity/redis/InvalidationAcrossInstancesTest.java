package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.app;
import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static dev.gatehouse.core.identity.redis.StoreFixture.keyAuth;
import static dev.gatehouse.core.identity.redis.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Two gateway instances on one Redis: a write on one tells the other what to forget within a
 * second; after Redis restarts, both work again and the subscriber is told to forget everything.
 */
@ExtendWith(BlockedThreadGuard.class)
class InvalidationAcrossInstancesTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private StoreFixture one;
  private StoreFixture two;
  private RedisIdentityStore writer;
  private RedisIdentityStore reader;
  private final BlockingQueue<String> heardByReader = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> heardByWriter = new LinkedBlockingQueue<>();

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
  }

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    one = new StoreFixture(REDIS);
    two = new StoreFixture(REDIS);
    writer = one.store();
    reader = two.store();
    writer.onRemoteChange(heardByWriter::add);
    reader.onRemoteChange(heardByReader::add);
  }

  @AfterEach
  void tearDown() {
    one.close();
    two.close();
  }

  @Test
  void aWriteOnOneInstanceReachesTheOtherWithinASecond() throws InterruptedException {
    UserRecord ada = await(writer.insertUser(user("ada")));

    assertThat(heardByReader.poll(1, TimeUnit.SECONDS)).isEqualTo("user:" + ada.id());
    await(writer.insertCredential(keyAuth(ada.id(), "k1", Set.of())));
    assertThat(heardByReader.poll(1, TimeUnit.SECONDS)).isEqualTo("credential:key-auth:k1");
    assertThat(heardByWriter).as("an instance is not told its own changes").isEmpty();
  }

  @Test
  void aRefusedWriteAnnouncesNothing() throws InterruptedException {
    await(writer.insertScopes(Set.of("read")));
    assertThat(heardByReader.poll(1, TimeUnit.SECONDS)).isEqualTo("scope:read");

    StoreFixture.refusal(
        writer.insertScopes(Set.of("read")),
        dev.gatehouse.core.identity.IdentityException.Kind.CONFLICT);
    await(writer.insertScopes(Set.of("write")));

    assertThat(heardByReader.poll(1, TimeUnit.SECONDS)).isEqualTo("scope:write");
  }

  @Test
  void aCascadeAnnouncesEverythingItRemoved() throws InterruptedException {
    UserRecord ada = await(writer.insertUser(user("ada")));
    AppRecord portal = await(writer.insertApp(app(ada.id(), "portal")));
    await(writer.insertCredential(keyAuth(portal.id(), "k1", Set.of())));
    drain(3);

    await(writer.deleteUser(ada.id()));

    assertThat(drain(3))
        .containsExactlyInAnyOrder(
            "user:" + ada.id(), "app:" + portal.id(), "credential:key-auth:k1");
  }

  @Test
  void afterRedisRestartsTheStoresWorkAgainAndTheSubscriberForgetsEverything() throws Exception {
    await(writer.insertUser(user("before")));
    drain(1);

    REDIS.kill();
    REDIS.start();

    assertThat(heardByReader.poll(10, TimeUnit.SECONDS))
        .as("the subscription came back and said so")
        .isEqualTo("*");
    assertThat(heardByWriter.poll(10, TimeUnit.SECONDS)).isEqualTo("*");
    UserRecord after = await(writer.insertUser(user("after")));
    assertThat(await(reader.userByName("after"))).contains(after);
    assertThat(heardByReader.poll(1, TimeUnit.SECONDS)).isEqualTo("user:" + after.id());
  }

  /** The next {@code count} subjects the reader hears, each within a second. */
  private List<String> drain(int count) throws InterruptedException {
    List<String> subjects = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(count).toNanos();
    while (subjects.size() < count && System.nanoTime() < deadline) {
      String subject = heardByReader.poll(100, TimeUnit.MILLISECONDS);
      if (subject != null) {
        subjects.add(subject);
      }
    }
    return subjects;
  }
}
