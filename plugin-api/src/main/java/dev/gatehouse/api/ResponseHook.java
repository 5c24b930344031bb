package dev.gatehouse.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.function.Consumer;

/**
 * Response-phase work registered by a policy on its {@link Exchange}. Hooks run in reverse order of
 * registration, so the first policy of a pipeline has the last word.
 *
 * <pre>{@code
 * exchange.onResponse(ResponseHook.headers(h -> h.set("x-frame-options", "DENY")));
 * exchange.onResponse(response -> response.bufferBody(1 << 20).map(body -> response.body(redact(body))));
 * }</pre>
 */
@FunctionalInterface
public interface ResponseHook {

  /**
   * Inspects or changes the response. Return the same response (changed in place) or another. A
   * failed future is answered with a generic 500 (or 502 if the upstream body was too large).
   */
  Future<Response> apply(Response response);

  /** A hook that only changes headers, synchronously. */
  static ResponseHook headers(Consumer<MultiMap> change) {
    return response -> {
      change.accept(response.headers());
      return Future.succeededFuture(response);
    };
  }
}
