package dev.gatehouse.core.admin;

import static dev.gatehouse.core.testing.Http.join;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.config.ClasspathJson;
import dev.gatehouse.core.config.GatewayConfig.AdminAuth;
import dev.gatehouse.core.plugin.PluginLoader;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code openapi.json} describes exactly the routes the Admin API serves. */
class OpenApiTest {

  private static final JsonNode OPENAPI = ClasspathJson.read("/admin/openapi.json");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  /** "METHOD /path/{param}" for every route the router serves. */
  private static Set<String> served() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (PluginLoader plugins = new PluginLoader()) {
      AdminApi api =
          new AdminApi(
              vertx, plugins.load(List.of()), () -> null, null, Optional.empty(), AdminAuth.none());
      Set<String> routes = new TreeSet<>();
      for (Route route : api.router().getRoutes()) {
        if (route.getName() != null) {
          routes.add(route.getName().replaceAll(":([A-Za-z]+)", "{$1}"));
        }
      }
      return routes;
    } finally {
      join(vertx.close());
    }
  }

  /** "METHOD /path/{param}" for every operation the description has. */
  private static Set<String> described() {
    Set<String> operations = new TreeSet<>();
    OPENAPI
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            operations.add(method.toUpperCase() + " " + path.getKey());
                          }
                        }));
    return operations;
  }

  @Test
  void everyServedRouteIsDescribedAndEveryDescribedRouteServed() throws Exception {
    Set<String> served = served();

    assertThat(served).hasSizeGreaterThan(40);
    assertThat(described()).containsExactlyElementsOf(served);
  }

  @Test
  void everyPathParameterIsDeclared() {
    List<String> undeclared = new ArrayList<>();
    OPENAPI
        .get("paths")
        .fields()
        .forEachRemaining(
            path -> {
              Matcher matcher = PARAMETER.matcher(path.getKey());
              while (matcher.find()) {
                String name = matcher.group(1);
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        operation -> {
                          if (METHODS.contains(operation.getKey())
                              && !declares(path.getValue(), name)
                              && !declares(operation.getValue(), name)) {
                            undeclared.add(operation.getKey() + " " + path.getKey() + " " + name);
                          }
                        });
              }
            });

    assertThat(undeclared).isEmpty();
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(OPENAPI, refs);

    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(OPENAPI.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static boolean declares(JsonNode owner, String name) {
    for (JsonNode parameter : owner.path("parameters")) {
      JsonNode resolved =
          parameter.has("$ref")
              ? OPENAPI.at(parameter.get("$ref").asText().substring(1))
              : parameter;
      if (resolved.path("in").asText().equals("path")
          && resolved.path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(item -> collectRefs(item, refs));
    }
  }
}
