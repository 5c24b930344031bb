package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.redis.RedisConfig;
import dev.gatehouse.core.identity.redis.RedisIdentityStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the identity store that {@code system.config.yml} {@code db} chooses: the embedded store
 * (the default, also when {@code db} is absent), the in-memory one for {@code db.redis.emulate:
 * true}, or Redis (Express Gateway's key layout, shared by a cluster of gateways).
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
      case REDIS -> redis(vertx, system, configDirectory);
    };
  }

  /**
   * Checks {@code db} as {@link #open} would use it, without opening anything (a running gateway
   * holds its store): Redis settings are parsed, the embedded store's folder must be a folder that
   * can be written.
   *
   * @throws ConfigException naming the line and path of the setting
   */
  public static void check(SystemConfig system, Path configDirectory) throws ConfigException {
    switch (system.db().store()) {
      case EMBEDDED -> checkFolder(system);
      case REDIS -> redisSettings(system, configDirectory);
      case MEMORY -> {
        // nothing to check: the warning comes at start
      }
    }
  }

  private static void checkFolder(SystemConfig system) throws ConfigException {
    Path folder = system.db().embeddedPath();
    ConfigPath at = ConfigPath.root().child("db").child("embedded").child("path");
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new ConfigException(
          system.document().error(at, "must be a folder, but " + folder + " is a file"));
    }
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isWritable(existing)) {
      throw new ConfigException(
          system.document().error(at, "the store's folder " + folder + " cannot be written"));
    }
  }

  private static JsonObject redisSettings(SystemConfig system, Path configDirectory)
      throws ConfigException {
    JsonObject settings = ConfigBinding.toJsonObject(system.db().redis());
    try {
      RedisConfig.parse(settings, configDirectory);
    } catch (IllegalArgumentException e) {
      ConfigPath at = ConfigPath.root().child("db").child("redis");
      throw new ConfigException(system.document().error(at, e.getMessage()));
    }
    return settings;
  }

  private static Future<IdentityStore> redis(Vertx vertx, SystemConfig system, Path configDirectory)
      throws ConfigException {
    JsonObject settings = redisSettings(system, configDirectory);
    LOG.info("identity_store kind=redis");
    return RedisIdentityStore.connect(vertx, settings, configDirectory)
        .map(IdentityStore.class::cast);
  }
}
