package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.Futures.await;
import static dev.gatehouse.core.identity.Futures.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.IdentityException.Kind;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link IdentityStore} contract: every invariant of its Javadoc, paging, cascades and
 * concurrent writers. Each implementation runs it through a subclass that opens a fresh, empty
 * store.
 *
 * <pre>{@code
 * class RedisStoreContractTest extends IdentityStoreContract {
 *   protected IdentityStore open(Vertx vertx) { return await(RedisIdentityStore.connect(...)); }
 * }
 * }</pre>
 */
@ExtendWith(BlockedThreadGuard.class)
public abstract class IdentityStoreContract implements GrantStoreContract {

  protected Vertx vertx;
  protected IdentityStore store;

  /** A new, empty store. */
  protected abstract IdentityStore open(Vertx vertx) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx();
    store = open(vertx);
  }

  @Override
  public GrantStore grants() {
    return store.grants();
  }

  @AfterEach
  void closeStore() {
    store.close();
    await(vertx.close());
  }

  // --- records

  protected static final String NOW = EgDates.format(Instant.parse("2026-11-28T15:35:14Z"));

  protected static UserRecord user(String username) {
    return new UserRecord(
        UUID.randomUUID().toString(),
        username,
        true,
        NOW,
        NOW,
        new JsonObject().put("username", username).put("firstname", "First"));
  }

  protected static AppRecord app(UserRecord owner, String name) {
    return new AppRecord(
        UUID.randomUUID().toString(),
        name,
        owner.id(),
        true,
        NOW,
        NOW,
        new JsonObject().put("name", name));
  }

  protected static CredentialRecord keyAuth(String consumerId, String keyId, String... scopes) {
    return credential("key-auth", keyId, consumerId, true, scopes);
  }

  protected static CredentialRecord basicAuth(String consumerId, boolean active) {
    return credential("basic-auth", consumerId, consumerId, active);
  }

  protected static CredentialRecord credential(
      String type, String id, String consumerId, boolean active, String... scopes) {
    return new CredentialRecord(
        type,
        id,
        consumerId,
        active,
        Set.of(scopes),
        "sha256:00",
        NOW,
        NOW,
        new JsonObject().put("passwordKey", "password"));
  }

  // --- users

  @Test
  void anInsertedUserIsFoundByIdAndByUsernameAsWritten() {
    UserRecord ada = await(store.insertUser(user("ada")));

    assertThat(await(store.user(ada.id()))).contains(ada);
    assertThat(await(store.userByName("ada"))).contains(ada);
    assertThat(await(store.user("missing"))).isEmpty();
    assertThat(await(store.userByName("missing"))).isEmpty();
  }

  @Test
  void aDuplicateUsernameIsAConflictAndWritesNothing() {
    UserRecord first = await(store.insertUser(user("ada")));

    UserRecord second = user("ada");
    refused(store.insertUser(second), Kind.CONFLICT);

    assertThat(await(store.user(second.id()))).isEmpty();
    assertThat(await(store.userByName("ada"))).contains(first);
    assertThat(await(store.users("0", 10)).items()).containsExactly(first);
  }

  @Test
  void replacingAUserChangesItsFieldsButNeverItsUsername() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord renamed =
        new UserRecord(
            ada.id(),
            "someone-else",
            false,
            ada.createdAt(),
            "later",
            ada.properties().copy().put("lastname", "Lovelace"));

    UserRecord stored = await(store.replaceUser(renamed));

    assertThat(stored.username()).isEqualTo("ada");
    assertThat(stored.active()).isFalse();
    assertThat(await(store.user(ada.id())).orElseThrow().properties().getString("lastname"))
        .isEqualTo("Lovelace");
    assertThat(await(store.userByName("someone-else"))).isEmpty();
    assertThat(await(store.userByName("ada"))).contains(stored);
  }

  @Test
  void replacingAnUnknownUserIsNotFound() {
    refused(store.replaceUser(user("ghost")), Kind.NOT_FOUND);
  }

  @Test
  void deletingAUserDeletesItsApplicationsAndAllTheirCredentials() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord bob = await(store.insertUser(user("bob")));
    AppRecord app = await(store.insertApp(app(ada, "dashboard")));
    AppRecord bobs = await(store.insertApp(app(bob, "dashboard")));
    await(store.insertCredential(basicAuth(ada.id(), true)));
    await(store.insertCredential(keyAuth(app.id(), "app-key")));
    await(store.insertCredential(keyAuth(bob.id(), "bob-key")));

    assertThat(await(store.deleteUser(ada.id()))).isTrue();

    assertThat(await(store.user(ada.id()))).isEmpty();
    assertThat(await(store.userByName("ada"))).isEmpty();
    assertThat(await(store.app(app.id()))).isEmpty();
    assertThat(await(store.appsByName("dashboard"))).containsExactly(bobs);
    assertThat(await(store.credential("basic-auth", ada.id()))).isEmpty();
    assertThat(await(store.credential("key-auth", "app-key"))).isEmpty();
    assertThat(await(store.credentialsOf(app.id()))).isEmpty();
    assertThat(await(store.credentials()))
        .extracting(CredentialRecord::id)
        .containsExactly("bob-key");
    assertThat(await(store.apps("0", 10)).items()).containsExactly(bobs);
    assertThat(await(store.deleteUser(ada.id()))).isFalse();
  }

  @Test
  void aDeletedUsernameCanBeTakenAgain() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.deleteUser(ada.id()));

    UserRecord again = await(store.insertUser(user("ada")));

    assertThat(await(store.userByName("ada"))).contains(again);
  }

  // --- applications

  @Test
  void anApplicationForAnUnknownUserIsNotFound() {
    UserRecord ghost = user("ghost");

    refused(store.insertApp(app(ghost, "orphan")), Kind.NOT_FOUND);

    assertThat(await(store.appsByName("orphan"))).isEmpty();
  }

  @Test
  void applicationNamesAreUniquePerUserAndMayRepeatAcrossUsers() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord bob = await(store.insertUser(user("bob")));
    AppRecord first = await(store.insertApp(app(ada, "dashboard")));

    refused(store.insertApp(app(ada, "dashboard")), Kind.CONFLICT);
    AppRecord bobs = await(store.insertApp(app(bob, "dashboard")));

    assertThat(await(store.appsByName("dashboard"))).containsExactlyInAnyOrder(first, bobs);
    assertThat(await(store.appsOfUser(ada.id()))).containsExactly(first);
  }

  @Test
  void renamingAnApplicationOntoItsSiblingsNameIsAConflictAndOntoAFreeNameMovesItsIndex() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord one = await(store.insertApp(app(ada, "one")));
    await(store.insertApp(app(ada, "two")));

    refused(store.replaceApp(renamed(one, "two")), Kind.CONFLICT);
    AppRecord three = await(store.replaceApp(renamed(one, "three")));

    assertThat(three.name()).isEqualTo("three");
    assertThat(await(store.appsByName("one"))).isEmpty();
    assertThat(await(store.appsByName("three"))).containsExactly(three);
    refused(store.insertApp(app(ada, "three")), Kind.CONFLICT);
    assertThat(await(store.insertApp(app(ada, "one"))).name()).isEqualTo("one");
  }

  @Test
  void replacingAnUnknownApplicationIsNotFound() {
    UserRecord ada = await(store.insertUser(user("ada")));

    refused(store.replaceApp(app(ada, "ghost")), Kind.NOT_FOUND);
  }

  @Test
  void deletingAnApplicationDeletesItsCredentialsOnly() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord app = await(store.insertApp(app(ada, "dashboard")));
    await(store.insertCredential(keyAuth(app.id(), "app-key")));
    await(store.insertCredential(keyAuth(ada.id(), "ada-key")));

    assertThat(await(store.deleteApp(app.id()))).isTrue();

    assertThat(await(store.app(app.id()))).isEmpty();
    assertThat(await(store.credential("key-auth", "app-key"))).isEmpty();
    assertThat(await(store.credential("key-auth", "ada-key"))).isPresent();
    assertThat(await(store.appsOfUser(ada.id()))).isEmpty();
    assertThat(await(store.deleteApp(app.id()))).isFalse();
  }

  // --- credentials

  @Test
  void aCredentialForAnUnknownConsumerIsNotFound() {
    IdentityException refusal =
        refused(store.insertCredential(keyAuth("nobody", "k1")), Kind.NOT_FOUND);

    assertThat(refusal.getMessage()).contains("nobody");
    assertThat(await(store.credential("key-auth", "k1"))).isEmpty();
  }

  @Test
  void credentialsOfUsersAndApplicationsRoundTripWithTheirSecretsAndProperties() {
    UserRecord ada = await(store.insertUser(user("ada")));
    AppRecord app = await(store.insertApp(app(ada, "dashboard")));
    await(store.insertScopes(Set.of("read", "write")));
    CredentialRecord key = keyAuth(app.id(), "k1", "read", "write");
    CredentialRecord basic = basicAuth(ada.id(), true);

    await(store.insertCredential(key));
    await(store.insertCredential(basic));

    assertThat(await(store.credential("key-auth", "k1"))).contains(key);
    assertThat(await(store.credential("basic-auth", ada.id()))).contains(basic);
    assertThat(await(store.credentialsOf(app.id()))).containsExactly(key);
    assertThat(await(store.credentialsOf(ada.id()))).containsExactly(basic);
    assertThat(await(store.credentials())).containsExactlyInAnyOrder(key, basic);
  }

  @Test
  void aSecondActiveBasicAuthOrOauth2CredentialIsAConflict() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertCredential(basicAuth(ada.id(), true)));
    await(store.insertCredential(credential("oauth2", ada.id(), ada.id(), true)));

    refused(store.insertCredential(basicAuth(ada.id(), true)), Kind.CONFLICT);
    refused(store.insertCredential(credential("oauth2", ada.id(), ada.id(), true)), Kind.CONFLICT);
  }

  @Test
  void anInactiveBasicAuthCredentialIsReplacedByANewOne() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertCredential(basicAuth(ada.id(), false)));
    CredentialRecord fresh =
        new CredentialRecord(
            "basic-auth",
            ada.id(),
            ada.id(),
            true,
            Set.of(),
            "$2b$04$new",
            NOW,
            NOW,
            new JsonObject());

    await(store.insertCredential(fresh));

    assertThat(await(store.credential("basic-auth", ada.id()))).contains(fresh);
    assertThat(await(store.credentialsOf(ada.id()))).containsExactly(fresh);
  }

  @Test
  void aBasicAuthCredentialIsKeyedByItsConsumer() {
    UserRecord ada = await(store.insertUser(user("ada")));

    refused(
        store.insertCredential(credential("basic-auth", "other", ada.id(), true)), Kind.INVALID);
  }

  @Test
  void keyIdsAreUniquePerTypeAndAConsumerMayHoldMany() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord bob = await(store.insertUser(user("bob")));
    await(store.insertCredential(keyAuth(ada.id(), "k1")));
    await(store.insertCredential(keyAuth(ada.id(), "k2")));
    await(store.insertCredential(credential("jwt", "k1", ada.id(), true)));

    refused(store.insertCredential(keyAuth(bob.id(), "k1")), Kind.CONFLICT);
    refused(store.insertCredential(credential("key-auth", "k2", ada.id(), false)), Kind.CONFLICT);

    assertThat(await(store.credentialsOf(ada.id())))
        .extracting(c -> c.type() + " " + c.id())
        .containsExactlyInAnyOrder("key-auth k1", "key-auth k2", "jwt k1");
    assertThat(await(store.credential("key-auth", "k1")).orElseThrow().consumerId())
        .isEqualTo(ada.id());
  }

  @Test
  void scopesOfACredentialMustExistOnInsertAndOnReplace() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertScopes(Set.of("read")));

    refused(store.insertCredential(keyAuth(ada.id(), "k1", "read", "admin")), Kind.INVALID);
    assertThat(await(store.credential("key-auth", "k1"))).isEmpty();

    CredentialRecord key = await(store.insertCredential(keyAuth(ada.id(), "k1", "read")));
    refused(store.replaceCredential(withScopes(key, "admin")), Kind.INVALID);
    assertThat(await(store.credential("key-auth", "k1"))).contains(key);
  }

  @Test
  void deletingACredentialAnswersWhetherItExisted() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertCredential(keyAuth(ada.id(), "k1")));

    assertThat(await(store.deleteCredential("key-auth", "k1"))).isTrue();
    assertThat(await(store.deleteCredential("key-auth", "k1"))).isFalse();
    assertThat(await(store.credentialsOf(ada.id()))).isEmpty();
  }

  // --- scopes

  @Test
  void creatingAnExistingScopeIsAConflictAndCreatesNoneOfTheOthers() {
    await(store.insertScopes(Set.of("read")));

    refused(store.insertScopes(Set.of("write", "read")), Kind.CONFLICT);

    assertThat(await(store.scopes())).containsExactly("read");
  }

  @Test
  void deletingAScopeRemovesItFromEveryCredential() {
    UserRecord ada = await(store.insertUser(user("ada")));
    await(store.insertScopes(Set.of("read", "write")));
    await(store.insertCredential(keyAuth(ada.id(), "k1", "read", "write")));
    await(store.insertCredential(keyAuth(ada.id(), "k2", "write")));

    await(store.deleteScope("write"));

    assertThat(await(store.scopes())).containsExactly("read");
    assertThat(await(store.credential("key-auth", "k1")).orElseThrow().scopes())
        .containsExactly("read");
    assertThat(await(store.credential("key-auth", "k2")).orElseThrow().scopes()).isEmpty();
  }

  @Test
  void deletingAnUnknownScopeIsNotFound() {
    refused(store.deleteScope("nothing"), Kind.NOT_FOUND);
  }

  // --- paging

  @Test
  void everyUserIsListedOncePageByPageUntilTheCursorIsZero() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(await(store.insertUser(user("user" + i))).id());
    }

    List<Page<UserRecord>> pages = everyUserPage(store, 3);
    List<String> seen = ids(pages);

    assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(created);
  }

  /**
   * Every page of users from the first until the cursor is {@code "0"} again, each checked to hold
   * at most {@code size} users and to carry a cursor; fails when the cursor never comes back.
   */
  public static List<Page<UserRecord>> everyUserPage(IdentityStore store, int size) {
    List<Page<UserRecord>> pages = new ArrayList<>();
    String start = "0";
    do {
      assertThat(pages).as("pages before the cursor came back to 0").hasSizeLessThan(100);
      Page<UserRecord> page = await(store.users(start, size));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(size);
      assertThat(page.nextKey()).isNotBlank();
      pages.add(page);
      start = page.nextKey();
    } while (!start.equals("0"));
    return pages;
  }

  /** The ids of the users of these pages, in order. */
  public static List<String> ids(List<Page<UserRecord>> pages) {
    return pages.stream().flatMap(page -> page.items().stream()).map(UserRecord::id).toList();
  }

  @Test
  void aMalformedCursorIsInvalid() {
    refused(store.users("not-a-cursor", 10), Kind.INVALID);
    refused(store.apps("-4", 10), Kind.INVALID);
  }

  @Test
  void applicationsArePagedLikeUsers() {
    UserRecord ada = await(store.insertUser(user("ada")));
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(await(store.insertApp(app(ada, "app" + i))).id());
    }

    Page<AppRecord> first = await(store.apps(null, 4));
    Page<AppRecord> second = await(store.apps(first.nextKey(), 4));

    assertThat(first.items()).hasSize(4);
    assertThat(first.nextKey()).isNotEqualTo("0");
    assertThat(second.items()).hasSize(1);
    assertThat(second.nextKey()).isEqualTo("0");
    Set<String> seen = new HashSet<>();
    first.items().forEach(a -> seen.add(a.id()));
    second.items().forEach(a -> seen.add(a.id()));
    assertThat(seen).isEqualTo(created);
  }

  @Test
  void anEmptyStoreHasOneEmptyPage() {
    Page<UserRecord> page = await(store.users("0", 100));

    assertThat(page.items()).isEmpty();
    assertThat(page.nextKey()).isEqualTo("0");
  }

  // --- concurrency

  @Test
  void concurrentInsertsOfOneUsernameHaveExactlyOneWinner() {
    List<Future<UserRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      attempts.add(onAnyContext(() -> store.insertUser(user("contested"))));
    }

    List<UserRecord> winners = outcomes(attempts);

    assertThat(winners).hasSize(1);
    assertThat(await(store.userByName("contested"))).contains(winners.get(0));
    assertThat(await(store.users("0", 100)).items()).hasSize(1);
  }

  @Test
  void concurrentApplicationsOfOneNameForOneUserHaveExactlyOneWinner() {
    UserRecord ada = await(store.insertUser(user("ada")));
    List<Future<AppRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      attempts.add(onAnyContext(() -> store.insertApp(app(ada, "contested"))));
    }

    assertThat(outcomes(attempts)).hasSize(1);
    assertThat(await(store.appsByName("contested"))).hasSize(1);
  }

  @Test
  void concurrentActiveBasicAuthCredentialsOfOneConsumerHaveExactlyOneWinner() {
    UserRecord ada = await(store.insertUser(user("ada")));
    List<Future<CredentialRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      attempts.add(onAnyContext(() -> store.insertCredential(basicAuth(ada.id(), true))));
    }

    assertThat(outcomes(attempts)).hasSize(1);
    assertThat(await(store.credentialsOf(ada.id()))).hasSize(1);
  }

  @Test
  void concurrentScopeCreationsHaveExactlyOneWinner() {
    List<Future<Void>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      attempts.add(onAnyContext(() -> store.insertScopes(Set.of("contested"))));
    }

    assertThat(outcomes(attempts)).hasSize(1);
    assertThat(await(store.scopes())).containsExactly("contested");
  }

  /** Starts an operation on a fresh event-loop context, as concurrent Admin API requests would. */
  private <T> Future<T> onAnyContext(java.util.function.Supplier<Future<T>> operation) {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> operation.get().onComplete(promise));
    return promise.future();
  }

  /** The successes; every failure must be a CONFLICT. */
  private static <T> List<T> outcomes(List<Future<T>> attempts) {
    List<T> succeeded = new ArrayList<>();
    for (Future<T> attempt : attempts) {
      Throwable failure = null;
      T value = null;
      try {
        value =
            attempt
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      if (failure == null) {
        succeeded.add(value);
      } else {
        assertThat(failure).isInstanceOf(IdentityException.class);
        assertThat(((IdentityException) failure).kind()).isEqualTo(Kind.CONFLICT);
      }
    }
    return succeeded;
  }

  // --- the store itself

  @Test
  void operationsCompleteOnTheCallersContext() {
    Context context = vertx.getOrCreateContext();
    Promise<Boolean> sameContext = Promise.promise();
    context.runOnContext(
        v ->
            store
                .insertUser(user("ada"))
                .compose(u -> store.user(u.id()))
                .onComplete(done -> sameContext.complete(Vertx.currentContext() == context)));

    assertThat(await(sameContext.future())).isTrue();
  }

  @Test
  void aReachableStoreAnswersPing() {
    await(store.ping());
  }

  @Test
  void aMissingLookupIsEmptyNotAFailure() {
    assertThat(await(store.app("missing"))).isEqualTo(Optional.empty());
    assertThat(await(store.credential("key-auth", "missing"))).isEmpty();
    assertThat(await(store.appsByName("missing"))).isEmpty();
    assertThat(await(store.appsOfUser("missing"))).isEmpty();
    assertThat(await(store.credentialsOf("missing"))).isEmpty();
    assertThat(await(store.scopes())).isEmpty();
  }

  private static AppRecord renamed(AppRecord app, String name) {
    return new AppRecord(
        app.id(), name, app.userId(), app.active(), app.createdAt(), "later", app.properties());
  }

  private static CredentialRecord withScopes(CredentialRecord credential, String... scopes) {
    return new CredentialRecord(
        credential.type(),
        credential.id(),
        credential.consumerId(),
        credential.active(),
        Set.of(scopes),
        credential.secret(),
        credential.createdAt(),
        "later",
        credential.properties());
  }
}
