package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis that Express Gateway 1.16 filled (compat 5.2), written here with raw commands field by
 * field as EG's DAOs write them, serves its consumers through the store unchanged; and what the
 * store writes is EG's layout.
 */
@ExtendWith(BlockedThreadGuard.class)
class ExpressGatewayDataTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private static final String CREATED =
      "Tue Mar 02 2021 10:15:00 GMT+0000 (Coordinated Universal Time)";
  private static final String USER_ID = "4b2b8c4e-2b0e-4c71-9a51-5d2c9b7c1a10";
  private static final String APP_ID = "9f6a1c2d-7e3b-4a8f-b1c0-3d4e5f607182";
  private static final String KEY_ID = "3Fh7mZqk1Qz2XbW9Tr4sLd";
  private static final String BARE_KEY_ID = "7Yt2wQxB9kLm3NpR5sVd1C";
  private static final String BCRYPT =
      "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

  private StoreFixture fixture;
  private RedisIdentityStore store;

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
  }

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    writeAsExpressGateway();
    fixture = new StoreFixture(REDIS);
    store = fixture.store();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** user.dao, application.dao and credential.dao of EG 1.16.11, command by command. */
  private static void writeAsExpressGateway() {
    REDIS.call(
        "HSET", "EG-user:" + USER_ID,
        "firstname", "Ada",
        "lastname", "Lovelace",
        "email", "ada@example.com",
        "username", "ada",
        "isActive", "true",
        "id", USER_ID,
        "createdAt", CREATED,
        "updatedAt", CREATED);
    REDIS.call("SADD", "EG-username:ada", USER_ID);

    REDIS.call(
        "HSET",
        "EG-application:" + APP_ID,
        "name",
        "portal",
        "redirectUri",
        "https://portal.example.com/cb",
        "isActive",
        "true",
        "id",
        APP_ID,
        "userId",
        USER_ID,
        "createdAt",
        CREATED,
        "updatedAt",
        CREATED);
    REDIS.call("SADD", "EG-user-applications:" + USER_ID, APP_ID);
    REDIS.call("SADD", "EG-application-name:portal", APP_ID);

    REDIS.call("HSET", "EG-scope", "read", "true", "write", "true");

    // basic-auth: bcrypt hash in `password`, the model's defaults copied in, no scopes field.
    REDIS.call(
        "HSET",
        "EG-basic-auth:" + USER_ID,
        "isActive",
        "true",
        "createdAt",
        CREATED,
        "updatedAt",
        CREATED,
        "autoGeneratePassword",
        "true",
        "passwordKey",
        "password",
        "password",
        BCRYPT);

    // key-auth: plain-text keySecret, scopes as JSON text, the key id in the consumer's set.
    REDIS.call(
        "HSET", "EG-key-auth:" + KEY_ID,
        "isActive", "true",
        "createdAt", CREATED,
        "updatedAt", CREATED,
        "keyId", KEY_ID,
        "keySecret", "6Vbo0cRkVPG7wRaVhhbDGF",
        "scopes", "[\"read\",\"write\"]",
        "consumerId", APP_ID,
        "id", KEY_ID);
    REDIS.call("SADD", "EG-key-auth:" + APP_ID, KEY_ID);
    REDIS.call("HSET", "EG-scope-credentials:read", "EG-key-auth:" + KEY_ID, "true");
    REDIS.call("HSET", "EG-scope-credentials:write", "EG-key-auth:" + KEY_ID, "true");

    // key-auth created without scopes: JSON.stringify(null).
    REDIS.call(
        "HSET", "EG-key-auth:" + BARE_KEY_ID,
        "isActive", "false",
        "createdAt", CREATED,
        "updatedAt", CREATED,
        "keyId", BARE_KEY_ID,
        "keySecret", "plain-secret",
        "scopes", "null",
        "consumerId", USER_ID,
        "id", BARE_KEY_ID);
    REDIS.call("SADD", "EG-key-auth:" + USER_ID, BARE_KEY_ID);
  }

  @Test
  void usersWrittenByExpressGatewayAreServed() {
    UserRecord ada = await(store.userByName("ada")).orElseThrow();

    assertThat(ada.id()).isEqualTo(USER_ID);
    assertThat(ada.active()).isTrue();
    assertThat(ada.createdAt()).isEqualTo(CREATED);
    assertThat(ada.properties())
        .isEqualTo(
            new JsonObject()
                .put("firstname", "Ada")
                .put("lastname", "Lovelace")
                .put("email", "ada@example.com")
                .put("username", "ada"));
    assertThat(await(store.user(USER_ID))).contains(ada);
    assertThat(await(store.users("0", 100)).items()).containsExactly(ada);
  }

  @Test
  void applicationsWrittenByExpressGatewayAreServed() {
    AppRecord portal = await(store.app(APP_ID)).orElseThrow();

    assertThat(portal.name()).isEqualTo("portal");
    assertThat(portal.userId()).isEqualTo(USER_ID);
    assertThat(portal.active()).isTrue();
    assertThat(portal.properties().getString("redirectUri"))
        .isEqualTo("https://portal.example.com/cb");
    assertThat(await(store.appsByName("portal"))).containsExactly(portal);
    assertThat(await(store.appsOfUser(USER_ID))).containsExactly(portal);
    assertThat(await(store.apps(null, 10)).items()).containsExactly(portal);
  }

  @Test
  void basicAuthWithABcryptHashIsServed() {
    CredentialRecord basic = await(store.credential("basic-auth", USER_ID)).orElseThrow();

    assertThat(basic.consumerId()).isEqualTo(USER_ID);
    assertThat(basic.active()).isTrue();
    assertThat(basic.secret()).isEqualTo(BCRYPT);
    assertThat(basic.scopes()).isEmpty();
    assertThat(basic.properties())
        .isEqualTo(
            new JsonObject().put("autoGeneratePassword", "true").put("passwordKey", "password"));
  }

  @Test
  void keyAuthWithAPlainTextSecretAndScopesIsServed() {
    CredentialRecord key = await(store.credential("key-auth", KEY_ID)).orElseThrow();

    assertThat(key.consumerId()).isEqualTo(APP_ID);
    assertThat(key.secret()).isEqualTo("6Vbo0cRkVPG7wRaVhhbDGF");
    assertThat(key.scopes()).containsExactly("read", "write");
    assertThat(key.properties()).isEqualTo(new JsonObject());
    CredentialRecord bare = await(store.credential("key-auth", BARE_KEY_ID)).orElseThrow();
    assertThat(bare.scopes()).isEmpty();
    assertThat(bare.active()).isFalse();
    assertThat(await(store.credentialsOf(APP_ID)))
        .extracting(CredentialRecord::id)
        .containsExactly(KEY_ID);
    assertThat(await(store.credentialsOf(USER_ID)))
        .extracting(CredentialRecord::id)
        .containsExactlyInAnyOrder(USER_ID, BARE_KEY_ID);
    assertThat(await(store.credentials())).hasSize(3);
    assertThat(await(store.scopes())).containsExactlyInAnyOrder("read", "write");
  }

  @Test
  void deletingAScopeUpdatesExpressGatewaysCredentialsAndIndex() {
    await(store.deleteScope("write"));

    assertThat(REDIS.call("HGET", "EG-key-auth:" + KEY_ID, "scopes")).isEqualTo("[\"read\"]");
    assertThat(REDIS.call("EXISTS", "EG-scope-credentials:write")).isEqualTo("0");
    assertThat(REDIS.sorted("HKEYS", "EG-scope")).containsExactly("read");
  }

  @Test
  void deletingAScopeTakesItAlsoFromCredentialsEgDidNotIndex() {
    // EG's PUT /credentials/:type/:id/scopes wrote the scopes without indexing them.
    REDIS.call("HSET", "EG-basic-auth:" + USER_ID, "scopes", "[\"write\"]");

    await(store.deleteScope("write"));

    assertThat(await(store.credential("basic-auth", USER_ID)).orElseThrow().scopes()).isEmpty();
  }

  @Test
  void deletingAnExpressGatewayUserCascadesThroughItsLayout() {
    assertThat(await(store.deleteUser(USER_ID))).isTrue();

    assertThat(REDIS.sorted("KEYS", "*")).containsExactly("EG-scope");
  }

  @Test
  void whatTheStoreWritesIsExpressGatewaysLayout() {
    UserRecord grace =
        await(
            store.insertUser(
                new UserRecord(
                    "u-2",
                    "grace",
                    true,
                    CREATED,
                    CREATED,
                    new JsonObject().put("username", "grace").put("firstname", "Grace"))));
    await(
        store.insertApp(
            new AppRecord("a-2", "cli", grace.id(), true, CREATED, CREATED, new JsonObject())));
    await(
        store.insertCredential(
            new CredentialRecord(
                "oauth2", "a-2", "a-2", true, Set.of("read"), BCRYPT, CREATED, CREATED, null)));
    await(
        store.insertCredential(
            new CredentialRecord(
                "jwt", "j-2", "u-2", true, Set.of(), "aesgcm:abc", CREATED, CREATED, null)));

    assertThat(REDIS.hash("EG-user:u-2"))
        .isEqualTo(
            Map.of(
                "id", "u-2",
                "username", "grace",
                "firstname", "Grace",
                "isActive", "true",
                "createdAt", CREATED,
                "updatedAt", CREATED));
    assertThat(REDIS.sorted("SMEMBERS", "EG-username:grace")).containsExactly("u-2");
    assertThat(REDIS.hash("EG-application:a-2"))
        .isEqualTo(
            Map.of(
                "id", "a-2",
                "name", "cli",
                "userId", "u-2",
                "isActive", "true",
                "createdAt", CREATED,
                "updatedAt", CREATED));
    assertThat(REDIS.sorted("SMEMBERS", "EG-user-applications:u-2")).containsExactly("a-2");
    assertThat(REDIS.sorted("SMEMBERS", "EG-application-name:cli")).containsExactly("a-2");
    assertThat(REDIS.hash("EG-oauth2:a-2"))
        .isEqualTo(
            Map.of(
                "isActive", "true",
                "createdAt", CREATED,
                "updatedAt", CREATED,
                "scopes", "[\"read\"]",
                "secret", BCRYPT));
    assertThat(REDIS.call("HGET", "EG-scope-credentials:read", "EG-oauth2:a-2")).isEqualTo("true");
    assertThat(REDIS.hash("EG-jwt:j-2"))
        .isEqualTo(
            Map.of(
                "isActive", "true",
                "createdAt", CREATED,
                "updatedAt", CREATED,
                "scopes", "[]",
                "keySecret", "aesgcm:abc",
                "keyId", "j-2",
                "id", "j-2",
                "consumerId", "u-2"));
    assertThat(REDIS.sorted("SMEMBERS", "EG-jwt:u-2")).containsExactly("j-2");
  }

  @Test
  void anotherNamespaceKeepsItsOwnKeys() {
    RedisIdentityStore other = fixture.store(fixture.section().put("namespace", "ACME"));

    await(other.insertUser(StoreFixture.user("ada")));

    assertThat(REDIS.sorted("KEYS", "ACME-*")).hasSize(2);
    assertThat(await(other.user(USER_ID))).isEmpty();
    assertThat(await(store.userByName("ada")).orElseThrow().id()).isEqualTo(USER_ID);
  }
}
