package dev.gatehouse.api;

import org.pf4j.ExtensionPoint;

/**
 * Serves routes of a plugin's own on the gateway or admin listener, outside pipelines (the OAuth
 * 2.0 server's {@code /oauth2/token}, a plugin's admin page). Gateway routes are matched before API
 * endpoints, as Express Gateway mounts them.
 *
 * <pre>{@code
 * @Extension
 * public final class PingRoutes implements RouteContributor {
 *   public void contribute(Routes routes, PolicyContext context) {
 *     routes.gateway(HttpMethod.GET, "/ping", exchange -> Future.succeededFuture(Response.of(200).text("pong")));
 *   }
 * }
 * }</pre>
 */
public interface RouteContributor extends ExtensionPoint {

  /** Registers routes; called each time a configuration compiles. */
  void contribute(Routes routes, PolicyContext context);
}
