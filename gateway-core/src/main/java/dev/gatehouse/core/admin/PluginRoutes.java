package dev.gatehouse.core.admin;

import dev.gatehouse.api.Problem;
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
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener: {@code GET /plugins} and the admin routes plugins contribute. Bound to
 * 127.0.0.1 unless configured otherwise.
 */
public final class AdminHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final ExtensionRegistry registry;
  private final Supplier<CompiledGateway> gateway;

  public AdminHandler(ExtensionRegistry registry, Supplier<CompiledGateway> gateway) {
    this.registry = registry;
    this.gateway = gateway;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && "/plugins".equals(request.path())) {
      ResponseWriter.write(
          request, Response.of(200).json(new JsonObject().put("plugins", plugins())));
      return;
    }
    request.pause();
    Iterator<RouteMatch<ContributedRoute>> routes =
        gateway.get().adminRoutes().matches(null, request.method().name(), request.path());
    if (!routes.hasNext()) {
      ResponseWriter.write(
          request, Response.problem(Problem.of(404, "route.not_found", "Not Found")));
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
    answer.onComplete(
        result -> {
          if (result.succeeded()) {
            ResponseWriter.write(request, result.result());
          } else {
            LOG.error(
                "admin_route_failed path={} error={}",
                request.path(),
                result.cause().toString(),
                result.cause());
            ResponseWriter.write(
                request,
                Response.problem(Problem.of(500, "internal.error", "Internal Server Error")));
          }
        });
  }

  /** id, version, jar, policies and conditions of every plugin, built-ins first as "built-in". */
  JsonArray plugins() {
    JsonArray plugins = new JsonArray();
    plugins.add(describe(null, GatehouseVersion.get(), ""));
    for (LoadedPlugin plugin : registry.plugins()) {
      plugins.add(describe(plugin.id(), plugin.version(), plugin.jarName()));
    }
    return plugins;
  }

  private JsonObject describe(String id, String version, String jar) {
    JsonArray policies = new JsonArray();
    registry.policies().stream()
        .filter(r -> Objects.equals(r.pluginId(), id))
        .map(Registered::name)
        .sorted()
        .forEach(policies::add);
    JsonArray conditions = new JsonArray();
    registry.conditions().stream()
        .filter(r -> Objects.equals(r.pluginId(), id))
        .map(Registered::name)
        .sorted()
        .forEach(conditions::add);
    return new JsonObject()
        .put("id", id == null ? "built-in" : id)
        .put("version", version)
        .put("jar", jar)
        .put("policies", policies)
        .put("conditions", conditions);
  }
}
