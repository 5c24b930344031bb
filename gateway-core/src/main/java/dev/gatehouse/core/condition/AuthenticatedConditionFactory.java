package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * {@code authenticated}: an earlier step (an authentication policy) established the request's
 * consumer, as Express Gateway's {@code req.isAuthenticated()}.
 */
@Extension
public final class AuthenticatedConditionFactory implements ConditionFactory<JsonObject> {

  @Override
  public String name() {
    return "authenticated";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Condition create(JsonObject params, PolicyContext context) {
    return exchange -> exchange.consumer().isPresent();
  }
}
