package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.core.identity.model.IdentityModels;
import dev.gatehouse.core.identity.secret.Secrets;
import dev.gatehouse.core.identity.secret.SharedSecretCipher;
import dev.gatehouse.core.identity.store.InMemoryIdentityStore;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hot path's view of the identity store: cached, fresh at once after a change on this gateway
 * or a reported one from another, and remembering bcrypt checks per credential version.
 */
@ExtendWith(BlockedThreadGuard.class)
class CachedIdentityServiceTest {

  private Vertx vertx;
  private IdentityStore store;
  private final Map<String, AtomicInteger> storeCalls = new ConcurrentHashMap<>();
  private final AtomicReference<java.util.function.Consumer<String>> remoteListener =
      new AtomicReference<>();
  private Identity identity;
  private IdentityManager manager;
  private IdentityService service;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    store = counting(new InMemoryIdentityStore(vertx));
    identity =
        Identity.over(
            vertx,
            store,
            IdentityModels.defaults(),
            new Secrets(4, new SharedSecretCipher("test key")),
            Clock.systemUTC());
    manager = identity.manager();
    service = identity.service();
  }

  @AfterEach
  void tearDown() {
    identity.close();
    await(vertx.close());
  }

  /** The store, counting calls by method name and keeping the remote-change listener. */
  @SuppressWarnings("unchecked")
  private IdentityStore counting(IdentityStore delegate) {
    return (IdentityStore)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {IdentityStore.class},
            (proxy, method, args) -> {
              storeCalls
                  .computeIfAbsent(method.getName(), k -> new AtomicInteger())
                  .incrementAndGet();
              if (method.getName().equals("onRemoteChange")) {
                remoteListener.set((java.util.function.Consumer<String>) args[0]);
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private int calls(String method) {
    return storeCalls.getOrDefault(method, new AtomicInteger()).get();
  }

  private String user(String username) {
    return await(
            manager.createUser(
                new JsonObject()
                    .put("username", username)
                    .put("firstname", "A")
                    .put("lastname", "L")))
        .getString("id");
  }

  private Credential credential(String type, String id) {
    return await(service.findCredential(type, id)).orElseThrow();
  }

  @Test
  void aDeactivatedCredentialIsRefusedAtOnce() {
    user("ada");
    JsonObject key = await(manager.createCredential("ada", "key-auth", new JsonObject()));
    String keyId = key.getString("keyId");
    Credential before = credential("key-auth", keyId);
    assertThat(await(service.verifySecret(before, key.getString("keySecret")))).isTrue();

    await(manager.setCredentialActive("key-auth", keyId, false));

    assertThat(credential("key-auth", keyId).active()).isFalse();
    assertThat(await(service.verifySecret(before, key.getString("keySecret")))).isFalse();
  }

  @Test
  void aDeactivatedUserAndItsAppsAreSeenInactiveAtOnce() {
    String ada = user("ada");
    String app =
        await(manager.createApp(new JsonObject().put("userId", "ada").put("name", "dash")))
            .getString("id");
    assertThat(await(service.findConsumer("ada")).orElseThrow().active()).isTrue();
    assertThat(await(service.findConsumerById(app)).orElseThrow().active()).isTrue();

    await(manager.setUserActive(ada, false));

    assertThat(await(service.findConsumer("ada")).orElseThrow().active()).isFalse();
    assertThat(await(service.findConsumerById(ada)).orElseThrow().active()).isFalse();
    assertThat(await(service.findConsumerById(app)).orElseThrow().active()).isFalse();
  }

  @Test
  void steadyTrafficCostsNoStoreReadAndNoBcrypt() {
    String ada = user("ada");
    await(manager.createCredential("ada", "basic-auth", new JsonObject().put("password", "pw")));
    int readsBefore = calls("credential");

    for (int i = 0; i < 100; i++) {
      Credential basic = credential("basic-auth", ada);
      assertThat(await(service.verifySecret(basic, "pw"))).isTrue();
    }

    assertThat(calls("credential") - readsBefore).isEqualTo(1);
    assertThat(identity.cache().slowChecks()).isEqualTo(1);
  }

  @Test
  void rememberedChecksAreKeyedOnTheCredentialVersionSoAPasswordChangeTakesEffectAtOnce() {
    String ada = user("ada");
    await(manager.createCredential("ada", "basic-auth", new JsonObject().put("password", "old")));
    Credential before = credential("basic-auth", ada);
    assertThat(await(service.verifySecret(before, "old"))).isTrue();

    await(manager.setCredentialActive("basic-auth", ada, false));
    await(manager.createCredential("ada", "basic-auth", new JsonObject().put("password", "new")));
    Credential after = credential("basic-auth", ada);

    assertThat(after.version()).isNotEqualTo(before.version());
    assertThat(await(service.verifySecret(before, "old"))).isFalse();
    assertThat(await(service.verifySecret(after, "old"))).isFalse();
    assertThat(await(service.verifySecret(after, "new"))).isTrue();
    assertThat(await(service.verifySecret(before, "new"))).isTrue();
  }

  @Test
  void aWrongSecretOrAnUnknownCredentialIsRefused() {
    String ada = user("ada");
    await(manager.createCredential("ada", "basic-auth", new JsonObject().put("password", "pw")));
    JsonObject key = await(manager.createCredential("ada", "key-auth", new JsonObject()));

    assertThat(await(service.verifySecret(credential("basic-auth", ada), "PW"))).isFalse();
    assertThat(await(service.verifySecret(credential("key-auth", key.getString("keyId")), "x")))
        .isFalse();
    assertThat(await(service.verifySecret(credential("basic-auth", ada), null))).isFalse();
    Credential ghost = new Credential("key-auth", "ghost", ada, true, Set.of(), "v");
    assertThat(await(service.verifySecret(ghost, "anything"))).isFalse();
    assertThat(await(service.findCredential("key-auth", "ghost"))).isEmpty();
  }

  @Test
  void keySecretsAreCheckedWithoutBcrypt() {
    user("ada");
    JsonObject key = await(manager.createCredential("ada", "key-auth", new JsonObject()));

    Credential credential = credential("key-auth", key.getString("keyId"));

    assertThat(await(service.verifySecret(credential, key.getString("keySecret")))).isTrue();
    assertThat(identity.cache().slowChecks()).isZero();
  }

  @Test
  void aChangeReportedByAnotherGatewayInvalidatesTheCache() {
    user("ada");
    JsonObject key = await(manager.createCredential("ada", "key-auth", new JsonObject()));
    String keyId = key.getString("keyId");
    assertThat(credential("key-auth", keyId).active()).isTrue();
    CredentialRecord stored = await(store.credential("key-auth", keyId)).orElseThrow();
    await(
        store.replaceCredential(
            new CredentialRecord(
                stored.type(),
                stored.id(),
                stored.consumerId(),
                false,
                stored.scopes(),
                stored.secret(),
                stored.createdAt(),
                "later",
                stored.properties())));
    assertThat(credential("key-auth", keyId).active()).as("cached until told").isTrue();

    remoteListener.get().accept(IdentityChanges.credential("key-auth", keyId));

    assertThat(credential("key-auth", keyId).active()).isFalse();
  }

  @Test
  void aRemoteUserChangeAlsoForgetsWhichNamesResolveToWhichIds() {
    assertThat(await(service.findConsumer("ada"))).isEmpty();
    UserRecord ada =
        await(
            store.insertUser(
                new UserRecord(
                    "0b6e1e1c-8a39-4b8c-9d7e-2b1d2f6c9a11",
                    "ada",
                    true,
                    "now",
                    "now",
                    new JsonObject().put("username", "ada"))));
    assertThat(await(service.findConsumer("ada"))).as("cached until told").isEmpty();

    remoteListener.get().accept(IdentityChanges.user(ada.id()));

    assertThat(await(service.findConsumer("ada")).orElseThrow().id()).isEqualTo(ada.id());
  }

  @Test
  void aRemoteScopeChangeRefreshesScopesAndCredentials() {
    user("ada");
    await(manager.createScopes(Set.of("read")));
    JsonObject key =
        await(manager.createCredential("ada", "key-auth", new JsonObject().put("scopes", "read")));
    assertThat(credential("key-auth", key.getString("keyId")).scopes()).containsExactly("read");
    assertThat(await(service.scopes())).containsExactly("read");
    await(store.deleteScope("read"));

    remoteListener.get().accept(IdentityChanges.scope("read"));

    assertThat(await(service.scopes())).isEmpty();
    assertThat(credential("key-auth", key.getString("keyId")).scopes()).isEmpty();
  }

  @Test
  void everythingIsDroppedForAChangeOfUnknownScope() {
    String ada = user("ada");
    assertThat(await(service.findConsumerById(ada))).isPresent();
    await(store.deleteUser(ada));

    remoteListener.get().accept(IdentityChanges.ALL);

    assertThat(await(service.findConsumerById(ada))).isEmpty();
  }

  @Test
  void consumersAreFoundAsExpressGatewaysBasicAuthLooksThemUp() {
    String ada = user("ada");
    String app =
        await(manager.createApp(new JsonObject().put("userId", "ada").put("name", "dash")))
            .getString("id");

    Consumer byName = await(service.findConsumer("ada")).orElseThrow();
    Consumer byId = await(service.findConsumer(ada)).orElseThrow();
    Consumer application = await(service.findConsumer(app)).orElseThrow();

    assertThat(byName.id()).isEqualTo(ada);
    assertThat(byName.type()).isEqualTo(Consumer.USER);
    assertThat(byName.properties()).containsEntry("username", "ada").containsKey("createdAt");
    assertThat(byId.name()).isEqualTo("ada");
    assertThat(application.type()).isEqualTo(Consumer.APPLICATION);
    assertThat(application.userId()).isEqualTo(ada);
    assertThat(application.name()).isEqualTo("dash");
    assertThat(await(service.findConsumer("dash"))).as("apps are not found by name").isEmpty();
  }

  @Test
  void aConsumerCreatedAfterAFailedLookupIsFoundAtOnce() {
    assertThat(await(service.findConsumer("ada"))).isEmpty();

    String ada = user("ada");

    assertThat(await(service.findConsumer("ada")).orElseThrow().id()).isEqualTo(ada);
  }

  @Test
  void aJwtCredentialSharesItsSecretAndOtherTypesDoNot() {
    String ada = user("ada");
    JsonObject jwt =
        await(manager.createCredential("ada", "jwt", new JsonObject().put("keySecret", "hmac")));
    await(manager.createCredential("ada", "basic-auth", new JsonObject()));
    Credential credential = credential("jwt", jwt.getString("keyId"));

    assertThat(await(service.sharedSecret(credential))).contains("hmac");
    assertThat(await(service.sharedSecret(credential("basic-auth", ada)))).isEmpty();

    await(manager.setCredentialActive("jwt", jwt.getString("keyId"), false));
    assertThat(await(service.sharedSecret(credential))).isEmpty();
  }

  @Test
  void scopesAreCachedAndRefreshedByTheirChanges() {
    await(manager.createScopes(Set.of("read")));
    assertThat(await(service.scopes())).containsExactly("read");

    await(manager.createScopes(Set.of("write")));

    assertThat(await(service.scopes())).containsExactlyInAnyOrder("read", "write");
  }

  @Test
  void lookupsCompleteOnTheCallersContextWhetherCachedOrNot() {
    String ada = user("ada");
    Context context = vertx.getOrCreateContext();
    Promise<Boolean> same = Promise.promise();
    context.runOnContext(
        v ->
            service
                .findConsumerById(ada)
                .compose(
                    miss -> {
                      boolean onContext = Vertx.currentContext() == context;
                      return service.findConsumerById(ada).map(hit -> onContext);
                    })
                .onComplete(
                    done -> same.complete(done.result() && Vertx.currentContext() == context)));

    assertThat(await(same.future())).isTrue();
  }
}
