package dev.gatehouse.plugins.ratelimit;

import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.store.StoreScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScriptStore} over a Vert.x Redis client, kept to what the plugin API promises, so that
 * the Redis counters are tested against a real server without the gateway: keys get {@link
 * #keyPrefix()}, a run sends {@code EVALSHA} and, when the server answers {@code NOSCRIPT} (always
 * the first time on a fresh server), {@code EVAL}; replies come back as {@code Long}, {@code
 * String}, {@code List} or {@code null}; a run that gets no answer in time fails.
 *
 * <pre>{@code
 * ScriptStore store = new RedisClientScriptStore(Redis.createClient(vertx, url), "EG-", 5_000);
 * }</pre>
 */
final class RedisClientScriptStore implements ScriptStore {

  private final Redis client;
  private final String keyPrefix;
  private final long timeoutMillis;

  RedisClientScriptStore(Redis client, String keyPrefix, long timeoutMillis) {
    this.client = client;
    this.keyPrefix = keyPrefix;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public StoreScript script(String lua) {
    return new Script(lua);
  }

  private final class Script implements StoreScript {

    private final String lua;
    private final String sha1;

    Script(String lua) {
      this.lua = lua;
      this.sha1 = hexSha1(lua);
    }

    @Override
    public String sha1() {
      return sha1;
    }

    @Override
    public Future<Object> run(List<String> keys, List<String> args) {
      return client
          .send(request(Command.EVALSHA, sha1, keys, args))
          .recover(
              failure ->
                  unknownScript(failure)
                      ? client.send(request(Command.EVAL, lua, keys, args))
                      : Future.failedFuture(failure))
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
          .map(RedisClientScriptStore::plain);
    }

    /** {@code EVAL(SHA) script numkeys key… arg…}, each key under the store's prefix. */
    private Request request(Command command, String script, List<String> keys, List<String> args) {
      Request request = Request.cmd(command).arg(script).arg(keys.size());
      keys.forEach(key -> request.arg(keyPrefix + key));
      args.forEach(request::arg);
      return request;
    }
  }

  private static boolean unknownScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
  }

  /** A reply in the plain values that {@link StoreScript#run} documents. */
  private static Object plain(Response reply) {
    if (reply == null) {
      return null;
    }
    switch (reply.type()) {
      case NUMBER:
        return reply.toLong();
      case BOOLEAN:
        // Lua true reaches RESP2 clients as 1 and false as nil; RESP3 may send a boolean.
        return reply.toBoolean() ? Long.valueOf(1) : null;
      case MULTI:
      case PUSH:
        List<Object> items = new ArrayList<>(reply.size());
        reply.forEach(item -> items.add(plain(item)));
        return items;
      default:
        return reply.toString();
    }
  }

  private static String hexSha1(String text) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
