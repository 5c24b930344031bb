package dev.gatehouse.core.testing;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.pf4j.Extension;

/**
 * A test-only policy ({@code test-login}) that authenticates every request as the consumer its
 * action describes: {@code id}, {@code type} (default {@code user}), {@code name}, {@code scopes},
 * {@code claims} and {@code properties}. It stands in for a real authentication policy in tests of
 * what reads the consumer.
 */
@Extension
public final class LoginPolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-login";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    Set<String> scopes = new HashSet<>();
    action.getJsonArray("scopes", new JsonArray()).forEach(s -> scopes.add(String.valueOf(s)));
    ConsumerIdentity consumer =
        ConsumerIdentity.builder(
                action.getString("id", "test-consumer"),
                action.getString("type", ConsumerIdentity.USER))
            .name(action.getString("name"))
            .credential("test", "test-credential")
            .scopes(scopes)
            .claims(action.getJsonObject("claims", new JsonObject()).getMap())
            .properties(action.getJsonObject("properties", new JsonObject()).getMap())
            .build();
    return exchange -> {
      exchange.authenticate(consumer);
      return Outcome.proceed();
    };
  }
}
