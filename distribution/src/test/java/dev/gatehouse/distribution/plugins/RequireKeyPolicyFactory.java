package dev.gatehouse.distribution.plugins;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only authentication policy ({@code test-require-key}): a request without an {@code
 * x-api-key} header is denied with the action's {@code status} (401 by default) as problem+json, as
 * a real key-auth policy placed after {@code cors} would deny it.
 */
@Extension
public final class RequireKeyPolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-require-key";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    int status = action.getInteger("status", 401);
    return exchange -> {
      if (exchange.headers().contains("x-api-key")) {
        return Outcome.proceed();
      }
      Problem problem =
          Problem.of(status, "auth.missing", "Unauthorized").withDetail("An API key is required.");
      return Outcome.respond(
          Response.problem(problem).header("WWW-Authenticate", "apiKey realm=\"gatehouse\""));
    };
  }
}
