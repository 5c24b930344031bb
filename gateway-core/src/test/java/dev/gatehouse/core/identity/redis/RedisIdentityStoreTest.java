package dev.gatehouse.core.identity.redis;

import static dev.gatehouse.core.identity.redis.StoreFixture.DATE;
import static dev.gatehouse.core.identity.redis.StoreFixture.app;
import static dev.gatehouse.core.identity.redis.StoreFixture.await;
import static dev.gatehouse.core.identity.redis.StoreFixture.basicAuth;
import static dev.gatehouse.core.identity.redis.StoreFixture.id;
import static dev.gatehouse.core.identity.redis.StoreFixture.keyAuth;
import static dev.gatehouse.core.identity.redis.StoreFixture.refusal;
import static dev.gatehouse.core.identity.redis.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.IdentityException.Kind;
import dev.gatehouse.core.identity.IdentityStoreContract;
import dev.gatehouse.core.identity.Page;
import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation and invariant of the identity store, on a real Redis. */
@ExtendWith(BlockedThreadGuard.class)
class RedisIdentityStoreTest {

  @RegisterExtension static final RedisServer REDIS = RedisServer.plain();

  private StoreFixture fixture;
  private RedisIdentityStore store;

  @BeforeAll
  static void warmUp() {
    StoreFixture.warmUp(REDIS);
  }

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    fixture = new StoreFixture(REDIS);
    store = fixture.store();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  // ---- users -----------------------------------------------------------------------------------

  @Test
  void insertedUserReadsBackByIdAndByUsername() {
    UserRecord ada = user("ada");

    UserRecord inserted = await(store.insertUser(ada));

    assertThat(inserted).isEqualTo(ada);
    assertThat(await(store.user(ada.id()))).contains(ada);
    assertThat(await(store.userByName("ada"))).contains(ada);
    assertThat(await(store.user(id()))).isEmpty();
    assertThat(await(store.userByName("nobody"))).isEmpty();
  }

  @Test
  void takenUserIdIsAConflict() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord sameId =
        new UserRecord(ada.id(), "grace", true, DATE, DATE, new JsonObject().put("x", "y"));

    refusal(store.insertUser(sameId), Kind.CONFLICT);

    assertThat(await(store.userByName("grace"))).isEmpty();
  }

  @Test
  void usernameLeftBehindByAHalfDeletedUserDoesNotBlockIt() {
    REDIS.call("SADD", "EG-username:ada", "gone-user-id");

    UserRecord ada = await(store.insertUser(user("ada")));

    assertThat(await(store.userByName("ada"))).contains(ada);
    assertThat(REDIS.call("SMEMBERS", "EG-username:ada")).isEqualTo("[" + ada.id() + "]");
  }

  @Test
  void replacingAUserChangesItsFieldsButNeverItsUsername() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord renamed =
        new UserRecord(
            ada.id(),
            "eve",
            false,
            null,
            "later",
            new JsonObject().put("username", "eve").put("firstname", "Augusta"));

    UserRecord replaced = await(store.replaceUser(renamed));

    assertThat(replaced.username()).isEqualTo("ada");
    assertThat(replaced.active()).isFalse();
    assertThat(replaced.createdAt()).isEqualTo(DATE);
    assertThat(replaced.updatedAt()).isEqualTo("later");
    assertThat(replaced.properties())
        .isEqualTo(new JsonObject().put("firstname", "Augusta").put("username", "ada"));
    assertThat(await(store.user(ada.id()))).contains(replaced);
    assertThat(await(store.userByName("ada"))).contains(replaced);
    assertThat(await(store.userByName("eve"))).isEmpty();
  }

  @Test
  void replacingAnAbsentUserIsNotFound() {
    refusal(store.replaceUser(user("ghost")), Kind.NOT_FOUND);

    assertThat(await(store.userByName("ghost"))).isEmpty();
  }

  @Test
  void propertiesThatAreNotTextReadBackAsWritten() {
    JsonObject properties =
        new JsonObject()
            .put("username", "ada")
            .put("vip", true)
            .put("age", 36)
            .put("tags", new JsonArray().add("math"))
            .put("address", new JsonObject().put("city", "London"))
            .put("note", "true");
    UserRecord ada = new UserRecord(id(), "ada", true, DATE, DATE, properties);

    await(store.insertUser(ada));

    assertThat(await(store.user(ada.id())).orElseThrow().properties()).isEqualTo(properties);
  }

  @Test
  void deletingAUserDeletesItsAppsAndAllTheirCredentials() {
    await(store.insertScopes(Set.of("read")));
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord app = await(store.insertApp(app(ada.id(), "portal")));
    await(store.insertCredential(basicAuth(ada.id(), Set.of("read"))));
    await(store.insertCredential(keyAuth(ada.id(), "k-ada", Set.of("read"))));
    await(store.insertCredential(keyAuth(app.id(), "k-app", Set.of())));
    UserRecord other = await(store.insertUser(user("grace")));

    assertThat(await(store.deleteUser(ada.id()))).isTrue();

    assertThat(await(store.user(ada.id()))).isEmpty();
    assertThat(await(store.app(app.id()))).isEmpty();
    assertThat(await(store.credentialsOf(ada.id()))).isEmpty();
    assertThat(await(store.credentialsOf(app.id()))).isEmpty();
    assertThat(await(store.credential("key-auth", "k-app"))).isEmpty();
    assertThat(await(store.credentials())).isEmpty();
    assertThat(REDIS.sorted("KEYS", "*"))
        .as("only the other user and the scope registry are left")
        .containsExactly("EG-scope", "EG-user:" + other.id(), "EG-username:grace");
  }

  @Test
  void deletingAnAbsentUserAnswersFalse() {
    assertThat(await(store.deleteUser(id()))).isFalse();
  }

  @Test
  void usersArePagedWithScanCursorsUntilNextKeyIsZero() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      ids.add(await(store.insertUser(user("user" + i))).id());
      await(store.insertApp(app(List.copyOf(ids).get(0), "app" + i)));
    }

    List<String> seen = IdentityStoreContract.ids(IdentityStoreContract.everyUserPage(store, 4));

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void oneLargePageHoldsEveryUser() {
    await(store.insertUser(user("ada")));
    await(store.insertUser(user("grace")));

    Page<UserRecord> page = await(store.users(null, 100));

    assertThat(page.items()).extracting(UserRecord::username).containsOnly("ada", "grace");
    assertThat(page.nextKey()).isEqualTo("0");
  }

  @Test
  void aCursorThatIsNotOneIsInvalid() {
    refusal(store.users("not-a-cursor", 10), Kind.INVALID);
  }

  // ---- applications ----------------------------------------------------------------------------

  @Test
  void insertedAppIsFoundByIdByNameAndByItsUser() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord portal = app(ada.id(), "portal");

    assertThat(await(store.insertApp(portal))).isEqualTo(portal);

    assertThat(await(store.app(portal.id()))).contains(portal);
    assertThat(await(store.appsByName("portal"))).containsExactly(portal);
    assertThat(await(store.appsOfUser(ada.id()))).containsExactly(portal);
    assertThat(await(store.appsByName("nothing"))).isEmpty();
  }

  @Test
  void appOfAnUnknownUserIsNotFound() {
    AppRecord orphan = app(id(), "portal");

    refusal(store.insertApp(orphan), Kind.NOT_FOUND);

    assertThat(await(store.app(orphan.id()))).isEmpty();
    assertThat(await(store.appsByName("portal"))).isEmpty();
  }

  @Test
  void appNamesAreUniquePerUserButSharedBetweenUsers() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord grace = await(store.insertUser(user("grace")));
    AppRecord adaPortal = await(store.insertApp(app(ada.id(), "portal")));
    AppRecord gracePortal = await(store.insertApp(app(grace.id(), "portal")));

    refusal(store.insertApp(app(ada.id(), "portal")), Kind.CONFLICT);

    assertThat(await(store.appsByName("portal"))).containsExactlyInAnyOrder(adaPortal, gracePortal);
    assertThat(await(store.appsOfUser(ada.id()))).containsExactly(adaPortal);
  }

  @Test
  void renamingAnAppMovesItsNameAndRefusesANameTheUserAlreadyUses() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord portal = await(store.insertApp(app(ada.id(), "portal")));
    await(store.insertApp(app(ada.id(), "admin")));

    AppRecord renamed =
        await(
            store.replaceApp(
                new AppRecord(
                    portal.id(),
                    "shop",
                    "someone-else",
                    false,
                    null,
                    "later",
                    new JsonObject().put("name", "shop").put("redirectUri", "https://x"))));

    assertThat(renamed.userId()).as("an app keeps its owner").isEqualTo(ada.id());
    assertThat(renamed.active()).isFalse();
    assertThat(renamed.createdAt()).isEqualTo(DATE);
    assertThat(renamed.properties().getString("redirectUri")).isEqualTo("https://x");
    assertThat(await(store.appsByName("shop"))).containsExactly(renamed);
    assertThat(await(store.appsByName("portal"))).isEmpty();
    AppRecord clash =
        new AppRecord(portal.id(), "admin", ada.id(), true, DATE, DATE, new JsonObject());
    refusal(store.replaceApp(clash), Kind.CONFLICT);
    assertThat(await(store.app(portal.id()))).contains(renamed);
  }

  @Test
  void replacingAnAbsentAppIsNotFound() {
    refusal(store.replaceApp(app(id(), "portal")), Kind.NOT_FOUND);
  }

  @Test
  void deletingAnAppDeletesItsCredentialsOnly() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord portal = await(store.insertApp(app(ada.id(), "portal")));
    await(store.insertCredential(keyAuth(portal.id(), "k1", Set.of())));
    await(store.insertCredential(basicAuth(portal.id(), Set.of())));
    await(store.insertCredential(basicAuth(ada.id(), Set.of())));

    assertThat(await(store.deleteApp(portal.id()))).isTrue();

    assertThat(await(store.app(portal.id()))).isEmpty();
    assertThat(await(store.appsOfUser(ada.id()))).isEmpty();
    assertThat(await(store.appsByName("portal"))).isEmpty();
    assertThat(await(store.credentialsOf(portal.id()))).isEmpty();
    assertThat(await(store.credential("key-auth", "k1"))).isEmpty();
    assertThat(await(store.credentialsOf(ada.id()))).hasSize(1);
    assertThat(await(store.deleteApp(portal.id()))).isFalse();
  }

  @Test
  void appsArePaged() {
    UserRecord ada = await(store.insertUser(user("ada")));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 9; i++) {
      ids.add(await(store.insertApp(app(ada.id(), "app" + i))).id());
    }

    List<String> seen = new ArrayList<>();
    String start = null;
    do {
      Page<AppRecord> page = await(store.apps(start, 2));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
      page.items().forEach(app -> seen.add(app.id()));
      start = page.nextKey();
    } while (!start.equals("0"));

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  // ---- credentials -----------------------------------------------------------------------------

  @Test
  void basicAuthCredentialIsKeyedByItsConsumer() {
    await(store.insertScopes(Set.of("read", "write")));
    UserRecord ada = await(store.insertUser(user("ada")));
    CredentialRecord basic = basicAuth(ada.id(), Set.of("read", "write"));

    CredentialRecord inserted = await(store.insertCredential(basic));

    assertThat(inserted).usingRecursiveComparison().isEqualTo(basic);
    assertThat(await(store.credential("basic-auth", ada.id())).orElseThrow())
        .usingRecursiveComparison()
        .isEqualTo(basic);
    assertThat(await(store.credentialsOf(ada.id())))
        .singleElement()
        .usingRecursiveComparison()
        .isEqualTo(basic);
  }

  @Test
  void secondActiveBasicAuthIsAConflictButAnInactiveOneIsReplaced() {
    UserRecord ada = await(store.insertUser(user("ada")));
    CredentialRecord first = await(store.insertCredential(basicAuth(ada.id(), Set.of())));

    refusal(store.insertCredential(basicAuth(ada.id(), Set.of())), Kind.CONFLICT);

    await(store.replaceCredential(withActive(first, false)));
    CredentialRecord second =
        new CredentialRecord(
            "oauth2", ada.id(), ada.id(), true, Set.of(), "$2b$10$x", DATE, DATE, new JsonObject());
    await(store.insertCredential(second));
    CredentialRecord fresh =
        await(store.insertCredential(withSecret(basicAuth(ada.id(), Set.of()), "$2b$10$new")));
    assertThat(fresh.secret()).isEqualTo("$2b$10$new");
    assertThat(await(store.credential("basic-auth", ada.id())).orElseThrow().active()).isTrue();
    refusal(store.insertCredential(second), Kind.CONFLICT);
  }

  @Test
  void keyIdsAreUnique() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord grace = await(store.insertUser(user("grace")));
    await(store.insertCredential(keyAuth(ada.id(), "shared-key", Set.of())));

    refusal(store.insertCredential(keyAuth(grace.id(), "shared-key", Set.of())), Kind.CONFLICT);

    assertThat(await(store.credential("key-auth", "shared-key")).orElseThrow().consumerId())
        .isEqualTo(ada.id());
    assertThat(await(store.credentialsOf(grace.id()))).isEmpty();
  }

  @Test
  void aKeyIdThatNamesAConsumersKeySetIsAConflict() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord grace = await(store.insertUser(user("grace")));
    await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of())));

    refusal(store.insertCredential(keyAuth(grace.id(), ada.id(), Set.of())), Kind.CONFLICT);

    assertThat(await(store.credentialsOf(ada.id()))).hasSize(1);
  }

  @Test
  void aConsumerHasManyKeyAuthAndJwtCredentials() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of())));
    await(store.insertCredential(keyAuth(ada.id(), "k2", Set.of())));
    await(store.insertCredential(jwt(ada.id(), "j1")));
    await(store.insertCredential(basicAuth(ada.id(), Set.of())));

    assertThat(await(store.credentialsOf(ada.id())))
        .extracting(c -> c.type() + ":" + c.id())
        .containsExactlyInAnyOrder(
            "key-auth:k1", "key-auth:k2", "jwt:j1", "basic-auth:" + ada.id());
    assertThat(await(store.credential("key-auth", ada.id())))
        .as("the consumer's key set is no credential")
        .isEmpty();
  }

  @Test
  void credentialOfAnUnknownConsumerIsNotFound() {
    refusal(store.insertCredential(keyAuth(id(), "k1", Set.of())), Kind.NOT_FOUND);

    assertThat(await(store.credential("key-auth", "k1"))).isEmpty();
  }

  @Test
  void applicationsHoldCredentialsToo() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord portal = await(store.insertApp(app(ada.id(), "portal")));

    await(store.insertCredential(basicAuth(portal.id(), Set.of())));

    assertThat(await(store.credentialsOf(portal.id()))).hasSize(1);
  }

  @Test
  void credentialWithAScopeThatDoesNotExistIsInvalid() {
    await(store.insertScopes(Set.of("read")));
    UserRecord ada = await(store.insertUser(user("ada")));

    refusal(store.insertCredential(keyAuth(ada.id(), "k1", Set.of("read", "admin"))), Kind.INVALID);

    assertThat(await(store.credential("key-auth", "k1"))).isEmpty();
  }

  @Test
  void unknownCredentialTypeIsInvalidAndNeverFound() {
    UserRecord ada = await(store.insertUser(user("ada")));
    CredentialRecord odd =
        new CredentialRecord(
            "hmac", "h1", ada.id(), true, Set.of(), null, DATE, DATE, new JsonObject());

    refusal(store.insertCredential(odd), Kind.INVALID);

    assertThat(await(store.credential("hmac", "h1"))).isEmpty();
    assertThat(await(store.deleteCredential("hmac", "h1"))).isFalse();
  }

  @Test
  void aBasicAuthCredentialIdIsItsConsumerId() {
    UserRecord ada = await(store.insertUser(user("ada")));
    CredentialRecord mismatched =
        new CredentialRecord(
            "basic-auth", "other", ada.id(), true, Set.of(), "$2a$x", DATE, DATE, null);

    refusal(store.insertCredential(mismatched), Kind.INVALID);
  }

  @Test
  void credentialsListsEveryCredentialOfEveryConsumer() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord grace = await(store.insertUser(user("grace")));
    AppRecord portal = await(store.insertApp(app(grace.id(), "portal")));
    await(store.insertCredential(basicAuth(ada.id(), Set.of())));
    await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of())));
    await(store.insertCredential(keyAuth(portal.id(), "k2", Set.of())));
    await(store.insertCredential(jwt(grace.id(), "j1")));

    assertThat(await(store.credentials()))
        .extracting(c -> c.type() + ":" + c.id() + "@" + c.consumerId())
        .containsExactlyInAnyOrder(
            "basic-auth:" + ada.id() + "@" + ada.id(),
            "key-auth:k1@" + ada.id(),
            "key-auth:k2@" + portal.id(),
            "jwt:j1@" + grace.id());
  }

  @Test
  void replacingACredentialChangesActivationScopesAndSecretButNotItsConsumer() {
    await(store.insertScopes(Set.of("read", "write")));
    UserRecord ada = await(store.insertUser(user("ada")));
    CredentialRecord key = await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of("read"))));

    CredentialRecord replaced =
        await(
            store.replaceCredential(
                new CredentialRecord(
                    "key-auth",
                    "k1",
                    "someone-else",
                    false,
                    Set.of("write"),
                    "sha256:new",
                    null,
                    "later",
                    new JsonObject().put("label", "ci"))));

    assertThat(replaced.consumerId()).isEqualTo(ada.id());
    assertThat(replaced.active()).isFalse();
    assertThat(replaced.scopes()).containsExactly("write");
    assertThat(replaced.secret()).isEqualTo("sha256:new");
    assertThat(replaced.createdAt()).isEqualTo(key.createdAt());
    assertThat(replaced.properties()).isEqualTo(new JsonObject().put("label", "ci"));
    assertThat(await(store.credential("key-auth", "k1")).orElseThrow())
        .usingRecursiveComparison()
        .isEqualTo(replaced);
    assertThat(REDIS.call("HKEYS", "EG-scope-credentials:read")).isEqualTo("[]");
    assertThat(REDIS.call("HKEYS", "EG-scope-credentials:write")).isEqualTo("[EG-key-auth:k1]");
  }

  @Test
  void replacingWithAScopeThatDoesNotExistIsInvalid() {
    UserRecord ada = await(store.insertUser(user("ada")));
    CredentialRecord key = await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of())));

    refusal(store.replaceCredential(withScopes(key, Set.of("nope"))), Kind.INVALID);

    assertThat(await(store.credential("key-auth", "k1")).orElseThrow().scopes()).isEmpty();
  }

  @Test
  void replacingAnAbsentCredentialIsNotFound() {
    refusal(store.replaceCredential(keyAuth(id(), "k1", Set.of())), Kind.NOT_FOUND);
  }

  @Test
  void deletingACredentialForgetsItEverywhere() {
    await(store.insertScopes(Set.of("read")));
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of("read"))));
    await(store.insertCredential(keyAuth(ada.id(), "k2", Set.of())));

    assertThat(await(store.deleteCredential("key-auth", "k1"))).isTrue();

    assertThat(await(store.credential("key-auth", "k1"))).isEmpty();
    assertThat(await(store.credentialsOf(ada.id())))
        .extracting(CredentialRecord::id)
        .containsExactly("k2");
    assertThat(REDIS.call("SMEMBERS", "EG-key-auth:" + ada.id())).isEqualTo("[k2]");
    assertThat(REDIS.call("EXISTS", "EG-scope-credentials:read")).isEqualTo("0");
    assertThat(await(store.deleteCredential("key-auth", "k1"))).isFalse();
  }

  // ---- scopes ----------------------------------------------------------------------------------

  @Test
  void scopesAreCreatedAllTogetherOrNotAtAll() {
    await(store.insertScopes(Set.of("read")));

    refusal(store.insertScopes(Set.of("write", "read")), Kind.CONFLICT);

    assertThat(await(store.scopes())).containsExactly("read");
    await(store.insertScopes(Set.of("write", "admin")));
    assertThat(await(store.scopes())).containsExactlyInAnyOrder("read", "write", "admin");
    await(store.insertScopes(Set.of()));
  }

  @Test
  void deletingAScopeRemovesItFromEveryCredential() {
    await(store.insertScopes(Set.of("read", "write")));
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord portal = await(store.insertApp(app(ada.id(), "portal")));
    await(store.insertCredential(keyAuth(ada.id(), "k1", Set.of("read", "write"))));
    await(store.insertCredential(basicAuth(portal.id(), Set.of("read"))));
    CredentialRecord later = await(store.insertCredential(keyAuth(ada.id(), "k2", Set.of())));
    await(store.replaceCredential(withScopes(later, Set.of("read"))));

    await(store.deleteScope("read"));

    assertThat(await(store.scopes())).containsExactly("write");
    assertThat(await(store.credential("key-auth", "k1")).orElseThrow().scopes())
        .containsExactly("write");
    assertThat(await(store.credential("key-auth", "k2")).orElseThrow().scopes()).isEmpty();
    assertThat(await(store.credential("basic-auth", portal.id())).orElseThrow().scopes()).isEmpty();
    assertThat(REDIS.call("EXISTS", "EG-scope-credentials:read")).isEqualTo("0");
  }

  @Test
  void pingAnswersWhileRedisDoes() {
    await(store.ping());
  }

  private static CredentialRecord jwt(String consumerId, String keyId) {
    return new CredentialRecord(
        "jwt", keyId, consumerId, true, Set.of(), "aesgcm:AAAA", DATE, DATE, new JsonObject());
  }

  private static CredentialRecord withActive(CredentialRecord c, boolean active) {
    return new CredentialRecord(
        c.type(),
        c.id(),
        c.consumerId(),
        active,
        c.scopes(),
        c.secret(),
        c.createdAt(),
        c.updatedAt(),
        c.properties());
  }

  private static CredentialRecord withSecret(CredentialRecord c, String secret) {
    return new CredentialRecord(
        c.type(),
        c.id(),
        c.consumerId(),
        c.active(),
        c.scopes(),
        secret,
        c.createdAt(),
        c.updatedAt(),
        c.properties());
  }

  private static CredentialRecord withScopes(CredentialRecord c, Set<String> scopes) {
    return new CredentialRecord(
        c.type(),
        c.id(),
        c.consumerId(),
        c.active(),
        scopes,
        c.secret(),
        c.createdAt(),
        c.updatedAt(),
        c.properties());
  }
}
