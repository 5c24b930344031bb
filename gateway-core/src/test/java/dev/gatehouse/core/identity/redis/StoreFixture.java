package dev.gatehouse.core.identity.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.UserRecord;
import dev.gatehouse.core.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Builds stores on a test Redis, records with fresh ids, and waits for futures. */
final class StoreFixture implements AutoCloseable {

  static final String DATE = "Sat Nov 28 2026 15:35:14 GMT+0000 (Coordinated Universal Time)";

  final Vertx vertx;
  private final RedisServer redis;
  private final List<RedisIdentityStore> stores = new ArrayList<>();

  StoreFixture(RedisServer redis) {
    this.redis = redis;
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(Long.getLong("gatehouse.maxEventLoopMillis", 2000))
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(
                    Long.getLong("gatehouse.blockedThreadCheckMillis", 1000))
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(200)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
  }

  /**
   * Runs the store once before a test class's guarded tests: the JVM's first Redis connection and
   * first records load Netty's and Jackson's classes on an event loop, which, under the coverage
   * agent on two cores, takes longer than the blocked-thread limit. That is start-up, not a store
   * blocking; call this from {@code @BeforeAll}.
   */
  static void warmUp(RedisServer redis) {
    warmUp(redis, null, Path.of("."));
  }

  /** As {@link #warmUp(RedisServer)}, through other settings (TLS loads its own classes). */
  static void warmUp(RedisServer redis, JsonObject section, Path configDirectory) {
    try (StoreFixture fixture = new StoreFixture(redis)) {
      RedisIdentityStore store =
          section == null
              ? fixture.store()
              : await(RedisIdentityStore.connect(fixture.vertx, section, configDirectory));
      fixture.stores.add(store);
      UserRecord user = user("warm-up-" + id());
      await(store.insertUser(user));
      await(store.deleteUser(user.id()));
    }
  }

  /** {@code db.redis} for the test server. */
  JsonObject section() {
    return new JsonObject().put("host", redis.host()).put("port", redis.port());
  }

  RedisIdentityStore store() {
    return store(section());
  }

  RedisIdentityStore store(JsonObject section) {
    RedisIdentityStore store = await(RedisIdentityStore.connect(vertx, section, Path.of(".")));
    stores.add(store);
    return store;
  }

  @Override
  public void close() {
    stores.forEach(RedisIdentityStore::close);
    await(vertx.close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable failure(Future<?> future) {
    try {
      Object result = future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** The identity refusal of a future that must be refused. */
  static IdentityException refusal(Future<?> future, IdentityException.Kind kind) {
    Throwable failure = failure(future);
    assertThat(failure).isInstanceOf(IdentityException.class);
    IdentityException refusal = (IdentityException) failure;
    assertThat(refusal.kind()).as(refusal.getMessage()).isEqualTo(kind);
    return refusal;
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static UserRecord user(String username) {
    return new UserRecord(
        id(),
        username,
        true,
        DATE,
        DATE,
        new JsonObject()
            .put("username", username)
            .put("firstname", "Ada")
            .put("lastname", "Lovelace"));
  }

  static AppRecord app(String userId, String name) {
    return new AppRecord(id(), name, userId, true, DATE, DATE, new JsonObject().put("name", name));
  }

  static CredentialRecord basicAuth(String consumerId, Set<String> scopes) {
    return new CredentialRecord(
        "basic-auth",
        consumerId,
        consumerId,
        true,
        scopes,
        "$2a$10$abcdefghijklmnopqrstuuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        DATE,
        DATE,
        new JsonObject().put("autoGeneratePassword", true).put("passwordKey", "password"));
  }

  static CredentialRecord keyAuth(String consumerId, String keyId, Set<String> scopes) {
    return new CredentialRecord(
        "key-auth",
        keyId,
        consumerId,
        true,
        scopes,
        "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        DATE,
        DATE,
        new JsonObject());
  }
}
