package dev.gatehouse.core.testing;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only authentication policy ({@code test-authenticate}) that never answers: a request with
 * an {@code x-test-consumer} header is authenticated as the user of that id, any other stays
 * anonymous. Lets tests drive the {@code authenticated} and {@code anonymous} conditions.
 */
@Extension
public final class AuthenticatePolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-authenticate";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    return exchange -> {
      String id = exchange.headers().get("x-test-consumer");
      if (id != null) {
        exchange.authenticate(
            ConsumerIdentity.builder(id, ConsumerIdentity.USER).credential("test", id).build());
      }
      return Outcome.proceed();
    };
  }
}
