package dev.gatehouse.core.admin;

import static io.vertx.core.http.HttpMethod.GET;

import dev.gatehouse.api.PluginSettingsSchema;
import dev.gatehouse.core.config.ClasspathJson;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.LoadedPlugin;
import dev.gatehouse.core.plugin.Registered;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every JSON Schema the gateway validates configuration with, as {@code GET /schemas} lists them:
 * the two configuration files' ({@code config}), each policy's action ({@code policy}), each
 * condition's parameters ({@code condition}) and each plugin's settings ({@code plugin}).
 *
 * <p>A schema without an {@code $id} gets {@code
 * https://gatehouse.dev/schemas/<type>s/<name>.json}; policies and conditions are also found under
 * Express Gateway's ids ({@code http://express-gateway.io/schemas/policies/basic-auth.json}). Built
 * once: the extensions do not change while the gateway runs.
 */
final class SchemaCatalog {

  static final Set<String> TYPES = Set.of("config", "policy", "condition", "plugin");

  private static final String OWN_BASE = "https://gatehouse.dev/schemas/";
  private static final String EG_BASE = "http://express-gateway.io/schemas/";

  /** One schema with the ids it is found under. */
  private record Item(String type, String name, JsonObject schema, Set<String> ids) {

    JsonObject toJson() {
      return new JsonObject().put("type", type).put("name", name).put("schema", schema);
    }
  }

  private final List<Item> items = new ArrayList<>();

  SchemaCatalog(ExtensionRegistry registry) {
    config("gateway.config", "/schemas/gateway.config.json");
    config("system.config", "/schemas/system.config.json");
    extensions("policy", registry.policies(), p -> p.extension().actionSchema());
    extensions("condition", registry.conditions(), c -> c.extension().paramsSchema());
    for (LoadedPlugin plugin : registry.plugins()) {
      Optional<PluginSettingsSchema> settings = registry.settingsSchema(plugin.id());
      settings.ifPresent(s -> add("plugin", plugin.id(), s.schema(), null));
    }
  }

  void register(ApiRoutes routes) {
    routes
        .on(GET, "/schemas", ctx -> Answer.ok(list(null)))
        .on(GET, "/schemas/:id", ctx -> find(ctx.pathParam("id")));
  }

  /** By id, or every schema of a type; 404 for anything else. */
  private Future<Answer> find(String idOrType) {
    for (Item item : items) {
      if (item.ids().contains(idOrType)) {
        return Answer.ok(item.toJson());
      }
    }
    if (TYPES.contains(idOrType)) {
      return Answer.ok(list(idOrType));
    }
    return Future.failedFuture(
        AdminProblem.notFound(
            "no schema with the $id '"
                + idOrType
                + "', and it is not a type (config, policy, condition or plugin)"));
  }

  private JsonArray list(String type) {
    JsonArray list = new JsonArray();
    items.stream()
        .filter(i -> type == null || i.type().equals(type))
        .forEach(i -> list.add(i.toJson()));
    return list;
  }

  private void config(String name, String resource) {
    add("config", name, ConfigBinding.toJsonObject(ClasspathJson.read(resource)), null);
  }

  private <T> void extensions(
      String type,
      Collection<Registered<T>> extensions,
      Function<Registered<T>, JsonObject> schema) {
    extensions.stream()
        .sorted(Comparator.comparing(Registered::name))
        .forEach(
            e -> add(type, e.name(), schema.apply(e), EG_BASE + folder(type) + e.name() + ".json"));
  }

  private void add(String type, String name, JsonObject schema, String egId) {
    JsonObject copy = schema == null ? new JsonObject() : schema.copy();
    if (!(copy.getValue("$id") instanceof String)) {
      copy.put("$id", OWN_BASE + folder(type) + name + ".json");
    }
    Set<String> ids = new HashSet<>();
    ids.add(copy.getString("$id"));
    if (egId != null) {
      ids.add(egId);
    }
    items.add(new Item(type, name, copy, Set.copyOf(ids)));
  }

  private static String folder(String type) {
    return switch (type) {
      case "policy" -> "policies/";
      case "condition" -> "conditions/";
      case "plugin" -> "plugins/";
      default -> "";
    };
  }
}
