package dev.gatehouse.core.testing;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only policy ({@code test-echo}, registered from the test classpath) that answers with what
 * the pipeline knows about the request: endpoint, scopes, path parameters, paths, host. It is how
 * routing tests see which endpoint a request reached, like EG's own {@code test} policy.
 */
@Extension
public final class EchoPolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-echo";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    String pipeline = context.pipelineName();
    return exchange -> Outcome.respond(Response.of(200).json(describe(exchange, pipeline, action)));
  }

  private static JsonObject describe(Exchange exchange, String pipeline, JsonObject action) {
    return new JsonObject()
        .put("pipeline", pipeline)
        .put("endpoint", exchange.apiEndpoint().name())
        .put("scopes", new JsonArray(exchange.apiEndpoint().scopes()))
        .put("definition", exchange.apiEndpoint().definition())
        .put("params", new JsonObject(new java.util.HashMap<>(exchange.pathParams())))
        .put("method", exchange.method().name())
        .put("uri", exchange.uri())
        .put("path", exchange.path())
        .put("host", exchange.host())
        .put("clientIp", exchange.clientIp())
        .put("scheme", exchange.scheme())
        .put("action", action);
  }
}
