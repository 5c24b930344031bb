package dev.gatehouse.api;

import io.vertx.core.Future;

/**
 * One step of a pipeline, compiled from its {@code action} when the configuration loads.
 *
 * <p>A policy either lets the request continue to the next step or answers it. It never calls the
 * next step itself: the core owns the chain. Work on the way back (headers, body transforms) is
 * registered with {@link Exchange#onResponse(ResponseHook)} before the policy continues; hooks run
 * in reverse order of registration.
 *
 * <p>{@code apply} runs on the request's event loop and must not block it. Blocking work (password
 * hashing, file I/O) goes through {@code vertx.executeBlocking}; network I/O through Vert.x
 * clients.
 *
 * <p>A policy that holds resources (timers, clients, caches) implements {@link AutoCloseable}: the
 * gateway closes it when its configuration is replaced by a reload (after requests still running on
 * it had time to finish), when a configuration is refused, and when the gateway stops.
 *
 * <pre>{@code
 * Policy stamp = exchange -> {
 *   exchange.headers().set("x-stamp", "gatehouse");
 *   exchange.onResponse(ResponseHook.headers(h -> h.set("x-stamped", "yes")));
 *   return Outcome.proceed();
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Policy {

  /**
   * Applies the policy to one request.
   *
   * @return a future of {@link Outcome#CONTINUE} to run the next step, or of an outcome that
   *     answers the request. A failed future is answered with a generic 500; its cause is logged
   *     with the request id and never reaches the client.
   */
  Future<Outcome> apply(Exchange exchange);
}
