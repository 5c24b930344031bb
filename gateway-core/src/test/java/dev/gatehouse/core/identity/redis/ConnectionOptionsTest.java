package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static dev.gatehouse.core.identity.redis.StoreFixture.failure;
import static dev.gatehouse.core.identity.redis.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code db.redis} connection settings against a real server: ACL users, db, TLS. */
@ExtendWith(BlockedThreadGuard.class)
class ConnectionOptionsTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.withTls();

  private StoreFixture fixture;

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
    StoreFixture.warmUp(REDIS, tlsTo("localhost"), CERTIFICATES);
  }

  private static final Path CERTIFICATES = Path.of("src/test/resources");

  private static JsonObject tlsTo(String host) {
    return new JsonObject()
        .put("host", host)
        .put("port", REDIS.tlsPort())
        .put("tls", new JsonObject().put("caFile", "tls/ca.crt"));
  }

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    REDIS.call("ACL", "DELUSER", "gateway");
    fixture = new StoreFixture(REDIS);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void anAclUserWithTheDocumentedRightsAuthenticatesAndWorks() {
    // The rule docs/identity-redis.md gives.
    REDIS.call(
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
        "+select");

    RedisIdentityStore store =
        fixture.store(fixture.section().put("username", "gateway").put("password", "s3cret"));
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertScopes(java.util.Set.of("read")));
    await(store.deleteScope("read"));

    assertThat(await(store.user(ada.id()))).contains(ada);
    assertThat(await(store.users(null, 10)).items()).containsExactly(ada);
    assertThat(await(store.deleteUser(ada.id()))).isTrue();
    assertThat(REDIS.call("ACL", "WHOAMI")).isEqualTo("default");
  }

  @Test
  void aWrongPasswordFailsAtStart() {
    REDIS.call("ACL", "SETUSER", "gateway", "on", ">s3cret", "~*", "&*", "+@all");

    Throwable refused =
        failure(
            RedisIdentityStore.connect(
                fixture.vertx,
                fixture.section().put("username", "gateway").put("password", "wrong"),
                Path.of(".")));

    assertThat(refused.getMessage()).containsIgnoringCase("WRONGPASS");
  }

  @Test
  void theConfiguredDatabaseHoldsTheData() {
    RedisIdentityStore store = fixture.store(fixture.section().put("db", 3));

    UserRecord ada = await(store.insertUser(user("ada")));

    assertThat(REDIS.call("EXISTS", "EG-user:" + ada.id())).isEqualTo("0");
    assertThat(REDIS.call("DBSIZE")).isEqualTo("0");
    RedisIdentityStore sameDb = fixture.store(fixture.section().put("db", "3"));
    assertThat(await(sameDb.user(ada.id()))).contains(ada);
  }

  @Test
  void tlsWithTheCaFileOfTheConfigDirectoryConnects() {
    RedisIdentityStore store =
        await(RedisIdentityStore.connect(fixture.vertx, tlsTo("localhost"), CERTIFICATES));
    try {
      UserRecord ada = await(store.insertUser(user("ada")));
      assertThat(await(store.userByName("ada"))).contains(ada);
    } finally {
      store.close();
    }
  }

  @Test
  void tlsWithAClientCertificateConnects() {
    JsonObject section =
        new JsonObject()
            .put("host", "127.0.0.1")
            .put("port", REDIS.tlsPort())
            .put(
                "tls",
                new JsonObject()
                    .put("caFile", "tls/ca.crt")
                    .put("certFile", "tls/client.crt")
                    .put("keyFile", "tls/client.key"));

    RedisIdentityStore store =
        await(RedisIdentityStore.connect(fixture.vertx, section, CERTIFICATES));
    try {
      await(store.ping());
    } finally {
      store.close();
    }
  }

  @Test
  void tlsRefusesAServerItDoesNotTrust() {
    JsonObject section =
        new JsonObject().put("host", "localhost").put("port", REDIS.tlsPort()).put("tls", true);

    assertThat(failure(RedisIdentityStore.connect(fixture.vertx, section, Path.of("."))))
        .isNotInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnreadableTlsFileIsAConfigurationErrorNamingItsKey() {
    JsonObject section =
        fixture.section().put("tls", new JsonObject().put("caFile", "missing/ca.pem"));

    Throwable refused = failure(RedisIdentityStore.connect(fixture.vertx, section, Path.of(".")));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class);
    assertThat(refused.getMessage()).startsWith("db.redis.tls.caFile: cannot read");
  }

  @Test
  void anUnreachableRedisFailsAtStart() {
    JsonObject section = new JsonObject().put("host", "127.0.0.1").put("port", 1);

    assertThat(failure(RedisIdentityStore.connect(fixture.vertx, section, Path.of("."))))
        .isNotNull();
  }
}
