package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.IdentityStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the identity store that {@code system.config.yml} {@code db} chooses: the embedded store
 * (the default, also when {@code db} is absent), the in-memory one for {@code db.redis.emulate:
 * true}, or Redis through a {@link RedisStoreProvider}.
 *
 * <pre>{@code
 * IdentityStore store = await(IdentityStores.open(vertx, system, configDirectory));
 * }</pre>
 */
public final class IdentityStores {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityStores.class);

  private IdentityStores() {}

  /**
   * @param configDirectory where a store resolves relative files of its settings
   * @throws ConfigException when the configuration asks for a store this gateway cannot provide
   */
  public static Future<IdentityStore> open(Vertx vertx, SystemConfig system, Path configDirectory)
      throws ConfigException {
    SystemConfig.Db db = system.db();
    return switch (db.store()) {
      case EMBEDDED -> {
        LOG.info("identity_store kind=embedded path={}", db.embeddedPath());
        yield EmbeddedIdentityStore.open(vertx, db.embeddedPath()).map(IdentityStore.class::cast);
      }
      case MEMORY -> {
        LOG.warn(
            "identity_store kind=memory (db.redis.emulate: true): users, apps, credentials and"
                + " scopes are kept in memory only and nothing survives a restart; use db.embedded"
                + " to keep them");
        yield Future.succeededFuture(new InMemoryIdentityStore(vertx));
      }
      case REDIS -> redis(system).open(vertx, system, configDirectory);
    };
  }

  private static RedisStoreProvider redis(SystemConfig system) throws ConfigException {
    return ServiceLoader.load(RedisStoreProvider.class, IdentityStores.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    system
                        .document()
                        .error(
                            ConfigPath.root().child("db").child("redis"),
                            "this gateway has no Redis identity store installed; use db.embedded"
                                + " (the persistent default) or db.redis.emulate: true (in"
                                + " memory)")));
  }
}
