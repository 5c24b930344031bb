package dev.gatehouse.core.admin;

import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.RouteContributor;
import dev.gatehouse.api.Routes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only route contributor: {@code POST /test-plugin/echo} on the admin listener answers the
 * body it read, so tests see plugin admin routes served, behind admin auth, with their body; {@code
 * GET /test-plugin/enabled} answers the policies the configuration enabled when it was compiled.
 */
@Extension
public final class PluginAdminRoutes implements RouteContributor {

  @Override
  public void contribute(Routes routes, PolicyContext context) {
    JsonArray enabled = new JsonArray(context.enabledPolicies().stream().sorted().toList());
    routes.admin(
        HttpMethod.GET,
        "/test-plugin/enabled",
        exchange ->
            Future.succeededFuture(
                Response.of(200).json(new JsonObject().put("enabled", enabled))));
    routes.admin(
        HttpMethod.POST,
        "/test-plugin/echo",
        exchange ->
            exchange
                .bufferBody(1024)
                .map(
                    body ->
                        Response.of(200)
                            .json(
                                new JsonObject()
                                    .put("plugin", true)
                                    .put("read", body.toString()))));
  }
}
