package dev.gatehouse.api;

import io.vertx.core.http.HttpMethod;

/**
 * Where a {@link RouteContributor} registers its routes. Paths use the same syntax as API endpoints
 * ({@code /oauth2/token}, {@code /users/:id}, {@code /assets/*}).
 */
public interface Routes {

  /** Serves {@code method path} on the gateway listener, before any API endpoint. */
  Routes gateway(HttpMethod method, String path, RouteHandler handler);

  /** Serves {@code method path} on the admin listener. */
  Routes admin(HttpMethod method, String path, RouteHandler handler);
}
