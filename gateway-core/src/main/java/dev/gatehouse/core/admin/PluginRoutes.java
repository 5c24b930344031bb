package dev.gatehouse.core.admin;

import static io.vertx.core.http.HttpMethod.GET;

import dev.gatehouse.api.Response;
import dev.gatehouse.core.GatehouseVersion;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.pipeline.ContributedRoute;
import dev.gatehouse.core.pipeline.HttpExchange;
import dev.gatehouse.core.pipeline.ResponseWriter;
import dev.gatehouse.core.pipeline.TrustedProxies;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.LoadedPlugin;
import dev.gatehouse.core.plugin.Registered;
import dev.gatehouse.core.routing.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code GET /plugins}, and the admin routes plugins contribute ({@code Routes.admin}). Plugin
 * routes are tried before the core's, as Express Gateway mounted them, and read the request body
 * themselves: they run before the body is read.
 */
final class PluginRoutes implements Handler<RoutingContext> {

  private final ExtensionRegistry registry;
  private final Supplier<CompiledGateway> gateway;

  PluginRoutes(ExtensionRegistry registry, Supplier<CompiledGateway> gateway) {
    this.registry = registry;
    this.gateway = gateway;
  }

  void register(ApiRoutes routes) {
    routes.on(GET, "/plugins", ctx -> Answer.ok(new JsonObject().put("plugins", plugins())));
  }

  /** Answers a request a plugin route matches; passes any other on. */
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Iterator<RouteMatch<ContributedRoute>> routes =
        gateway.get().adminRoutes().matches(null, request.method().name(), request.path());
    if (!routes.hasNext()) {
      ctx.next();
      return;
    }
    RouteMatch<ContributedRoute> route = routes.next();
    HttpExchange exchange =
        new HttpExchange(
            request, UUID.randomUUID().toString(), request.path(), TrustedProxies.none());
    exchange.route(route.target().endpoint(), "", route.params());
    Future<Response> answer;
    try {
      answer = Objects.requireNonNull(route.target().handler().handle(exchange), "no answer");
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onSuccess(response -> ResponseWriter.write(request, response)).onFailure(ctx::fail);
  }

  /** id, version, jar, policies and conditions of every plugin, built-ins first as "built-in". */
  private JsonArray plugins() {
    JsonArray plugins = new JsonArray();
    plugins.add(describe(null, GatehouseVersion.get(), ""));
    for (LoadedPlugin plugin : registry.plugins()) {
      plugins.add(describe(plugin.id(), plugin.version(), plugin.jarName()));
    }
    return plugins;
  }

  private JsonObject describe(String id, String version, String jar) {
    return new JsonObject()
        .put("id", id == null ? "built-in" : id)
        .put("version", version)
        .put("jar", jar)
        .put("policies", namesOf(registry.policies(), id))
        .put("conditions", namesOf(registry.conditions(), id));
  }

  /** The sorted names of the extensions of one plugin (null: the built-ins). */
  private static JsonArray namesOf(Collection<? extends Registered<?>> extensions, String id) {
    JsonArray names = new JsonArray();
    extensions.stream()
        .filter(r -> Objects.equals(r.pluginId(), id))
        .map(Registered::name)
        .sorted()
        .forEach(names::add);
    return names;
  }
}
