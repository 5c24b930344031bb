package dev.gatehouse.api;

import io.vertx.core.Future;

/**
 * Answers a request to a route registered by a {@link RouteContributor}. The exchange's {@link
 * Exchange#apiEndpoint()} is a synthetic endpoint named after the route.
 *
 * <pre>{@code
 * RouteHandler hello = exchange -> Future.succeededFuture(Response.of(200).text("hello"));
 * }</pre>
 */
@FunctionalInterface
public interface RouteHandler {

  /** The answer; a failed future becomes a generic 500. Must not block. */
  Future<Response> handle(Exchange exchange);
}
