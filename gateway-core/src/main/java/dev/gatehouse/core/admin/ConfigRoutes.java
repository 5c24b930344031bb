package dev.gatehouse.core.admin;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.admin.ConfigTextEditor.Outcome;
import dev.gatehouse.core.pipeline.CompiledGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Express Gateway's configuration endpoints (compat 5.3): {@code /api-endpoints}, {@code
 * /service-endpoints} and {@code /pipelines} read and write named entries, {@code /policies} the
 * whitelist. Reads show the running configuration; writes go through the {@link ConfigWriter},
 * which answers only once the change is live.
 */
final class ConfigRoutes {

  private final Supplier<CompiledGateway> gateway;
  private final ConfigWriter writer;

  ConfigRoutes(Supplier<CompiledGateway> gateway, ConfigWriter writer) {
    this.gateway = gateway;
    this.writer = writer;
  }

  void register(ApiRoutes routes) {
    for (ConfigSection section : ConfigSection.values()) {
      if (section.isList()) {
        continue;
      }
      String base = "/" + section.resource();
      routes
          .on(GET, base, ctx -> Answer.ok(entries(section)))
          .on(GET, base + "/:name", ctx -> entry(section, ctx.pathParam("name")))
          .on(PUT, base + "/:name", ctx -> put(section, ctx))
          .on(DELETE, base + "/:name", ctx -> remove(section, ctx.pathParam("name")));
    }
    routes
        .on(GET, "/policies", ctx -> Answer.ok(policies()))
        .on(PUT, "/policies/:name", this::addPolicy)
        .on(
            DELETE,
            "/policies/:name",
            ctx -> remove(ConfigSection.POLICIES, ctx.pathParam("name")));
  }

  /** A section of the running configuration as a map of names, pipelines in a list included. */
  private ObjectNode entries(ConfigSection section) {
    JsonNode value = gateway.get().config().document().root().get(section.key());
    if (value instanceof ObjectNode map) {
      return map;
    }
    ObjectNode byName = JsonNodeFactory.instance.objectNode();
    if (value != null && value.isArray()) {
      value.forEach(item -> byName.set(item.path("name").asText(), item));
    }
    return byName;
  }

  private Future<Answer> entry(ConfigSection section, String name) {
    JsonNode entry = entries(section).get(name);
    if (entry == null) {
      return Future.failedFuture(notFound(section, name));
    }
    return Answer.ok(entry);
  }

  private JsonNode policies() {
    JsonNode value = gateway.get().config().document().root().get(ConfigSection.POLICIES.key());
    return value != null && value.isArray() ? value : JsonNodeFactory.instance.arrayNode();
  }

  private Future<Answer> put(ConfigSection section, RoutingContext ctx) {
    JsonNode body = RequestBodies.json(ctx);
    boolean endpointList = section == ConfigSection.API_ENDPOINTS && body.isArray();
    if (!body.isObject() && !endpointList) {
      throw AdminProblem.invalidBody(
          "expected the "
              + section.noun()
              + " as a JSON object"
              + (section == ConfigSection.API_ENDPOINTS ? " (or a list of them)" : ""));
    }
    return writer
        .apply(ConfigChange.put(section, ctx.pathParam("name"), body))
        .compose(outcome -> Answer.empty(outcome == Outcome.CREATED ? 201 : 204));
  }

  private Future<Answer> addPolicy(RoutingContext ctx) {
    return writer
        .apply(ConfigChange.addPolicy(ctx.pathParam("name")))
        .map(
            outcome ->
                outcome == Outcome.CREATED
                    ? Answer.created(new JsonObject().put("status", "ok"))
                    : new Answer(204, null));
  }

  private Future<Answer> remove(ConfigSection section, String name) {
    return writer
        .apply(ConfigChange.remove(section, name))
        .compose(
            outcome ->
                outcome == Outcome.REMOVED
                    ? Answer.empty(204)
                    : Future.failedFuture(notFound(section, name)));
  }

  private static AdminProblem notFound(ConfigSection section, String name) {
    String where = section.isList() ? " in the policy whitelist" : "";
    return AdminProblem.notFound("no " + section.noun() + " '" + name + "'" + where);
  }
}
