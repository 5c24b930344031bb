package dev.gatehouse.core.scripts;

import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.store.StoreScript;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.redis.RedisConfig;
import dev.gatehouse.core.identity.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ScriptStore} on the gateway's Redis ({@code db.redis}): a client of its own, built
 * with the identity store's connection code, whose pool reconnects by itself after Redis comes
 * back. Scripts run with {@code EVALSHA}, and with {@code EVAL} (which also loads them) when the
 * server answers {@code NOSCRIPT}. A command that gets no answer within {@link #COMMAND_TIMEOUT_MS}
 * fails, so that a Redis that hangs costs callers a bounded wait.
 *
 * <pre>{@code
 * Optional<RedisScriptStore> store = await(RedisScriptStore.open(vertx, system, configDirectory));
 * }</pre>
 */
public final class RedisScriptStore implements ScriptStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisScriptStore.class);

  /** How long a script may take, round trip included, before its run fails. */
  static final long COMMAND_TIMEOUT_MS = Long.getLong("gatehouse.scripts.timeoutMillis", 1000);

  private final RedisConnections connections;
  private final Redis client;
  private final String keyPrefix;
  private final long timeoutMillis;

  RedisScriptStore(RedisConnections connections, long timeoutMillis) {
    this.connections = connections;
    this.client = connections.client();
    this.keyPrefix = connections.config().namespace() + "-";
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * The store of {@code system.config.yml}'s {@code db.redis}, or empty when the gateway has no
   * Redis (the embedded store, or {@code db.redis.emulate: true}). Nothing connects yet.
   *
   * @return fails with an {@link IllegalArgumentException} naming the key of a bad setting
   */
  public static Future<Optional<RedisScriptStore>> open(
      Vertx vertx, SystemConfig system, Path configDirectory) {
    if (system.db().store() != SystemConfig.Db.Store.REDIS) {
      return Future.succeededFuture(Optional.empty());
    }
    RedisConfig config;
    try {
      config = RedisConfig.parse(ConfigBinding.toJsonObject(system.db().redis()), configDirectory);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return RedisConnections.open(vertx, config)
        .map(
            connections -> {
              LOG.info("script_store kind=redis at={}", config.describe());
              return Optional.of(new RedisScriptStore(connections, COMMAND_TIMEOUT_MS));
            });
  }

  /** A store over connections the caller opened; closing the store closes them. */
  public static RedisScriptStore over(RedisConnections connections) {
    return new RedisScriptStore(connections, COMMAND_TIMEOUT_MS);
  }

  /**
   * Opens a first connection in the background, so that the first request does not pay for it (and
   * for loading the client's classes); a failure here is only logged, runs retry.
   */
  public void connectAhead() {
    client
        .send(Request.cmd(Command.PING))
        .onFailure(
            failure ->
                LOG.warn("script_store_unreachable error={} (retried on use)", failure.toString()));
  }

  @Override
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public StoreScript script(String lua) {
    return new Script(lua, sha1(lua));
  }

  @Override
  public void close() {
    connections.close();
  }

  private static String sha1(String lua) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(lua.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-1", e);
    }
  }

  /** A prepared script. */
  private final class Script implements StoreScript {

    private final String lua;
    private final String sha1;

    Script(String lua, String sha1) {
      this.lua = lua;
      this.sha1 = sha1;
    }

    @Override
    public String sha1() {
      return sha1;
    }

    @Override
    public Future<Object> run(List<String> keys, List<String> args) {
      return client
          .send(command(Command.EVALSHA, sha1, keys, args))
          .recover(
              failure ->
                  isNoScript(failure)
                      ? client.send(command(Command.EVAL, lua, keys, args))
                      : Future.failedFuture(failure))
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
          .map(RedisScriptStore::plain);
    }

    private Request command(Command command, String script, List<String> keys, List<String> args) {
      Request request = Request.cmd(command).arg(script).arg(keys.size());
      for (String key : keys) {
        request.arg(keyPrefix + key);
      }
      for (String arg : args) {
        request.arg(arg);
      }
      return request;
    }

    @Override
    public String toString() {
      return "StoreScript[" + sha1 + "]";
    }
  }

  /** The server does not know the script (it restarted, or its scripts were flushed). */
  private static boolean isNoScript(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  /** A reply as the API promises it: Long, String, List of these, or null. */
  static Object plain(Response reply) {
    if (reply == null) {
      return null;
    }
    return switch (reply.type()) {
      case NUMBER -> reply.toLong();
      case BOOLEAN -> reply.toBoolean() ? 1L : null;
      case MULTI -> {
        List<Object> items = new ArrayList<>(reply.size());
        for (Response item : reply) {
          items.add(plain(item));
        }
        yield items;
      }
      default -> reply.toString();
    };
  }
}
