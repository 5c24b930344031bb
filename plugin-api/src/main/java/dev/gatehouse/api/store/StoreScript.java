package dev.gatehouse.api.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * A Lua script prepared by a {@link ScriptStore}, immutable and shared by all event loops.
 *
 * <pre>{@code
 * script.run(List.of(key), List.of(Long.toString(now), Long.toString(windowMs)))
 *     .map(reply -> (List<?>) reply)
 *     .recover(unreachable -> ...);
 * }</pre>
 */
public interface StoreScript {

  /** The script's SHA-1, as {@code EVALSHA} names it. */
  String sha1();

  /**
   * Runs the script atomically on the server.
   *
   * @param keys the keys the script touches, as {@code KEYS[1…]}; the store adds its {@link
   *     ScriptStore#keyPrefix()}
   * @param args the other arguments, as {@code ARGV[1…]}
   * @return the script's reply as plain values: a Lua number as {@link Long}, a string as {@link
   *     String}, a table as a {@link List} of these, {@code nil} or {@code false} as {@code null};
   *     failed when the server is unreachable, does not answer within the store's timeout, or the
   *     script raised an error
   */
  Future<Object> run(List<String> keys, List<String> args);
}
