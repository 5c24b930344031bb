package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.IdentityStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * HOOK for the Redis identity store ({@code db.redis} without {@code emulate}): the store lives
 * outside this package and is found with {@link java.util.ServiceLoader}. An implementation is
 * listed in {@code META-INF/services/dev.gatehouse.core.identity.store.RedisStoreProvider} on the
 * gateway's class path; when none is, a configuration asking for Redis is refused at start with a
 * clear error.
 *
 * <p>The store it opens must pass the store contract suite ({@code IdentityStoreContract}), read
 * and write Express Gateway's key layout under {@code db.redis.namespace}, and report other
 * gateways' changes through {@link IdentityStore#onRemoteChange} with the names of {@link
 * dev.gatehouse.core.identity.IdentityChanges}.
 *
 * <pre>{@code
 * public final class RedisStores implements RedisStoreProvider {
 *   public Future<IdentityStore> open(Vertx vertx, SystemConfig system, Path configDirectory) {
 *     JsonObject redis = new JsonObject(system.db().redis().toString());
 *     return RedisIdentityStore.connect(vertx, redis, configDirectory).map(s -> s);
 *   }
 * }
 * }</pre>
 */
public interface RedisStoreProvider {

  /**
   * Connects to Redis as {@code system.db().redis()} says (Express Gateway's ioredis options:
   * {@code host}, {@code port}, {@code password}, {@code db}, {@code tls}, {@code sentinels}…, and
   * {@code namespace}).
   *
   * @param configDirectory where relative files ({@code tls.caFile}…) are resolved
   * @return the store once it answers, or a failure that says what could not be reached
   */
  Future<IdentityStore> open(Vertx vertx, SystemConfig system, Path configDirectory);
}
