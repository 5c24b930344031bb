package dev.gatehouse.core.testing;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only policy ({@code test-fail}) that fails the way a buggy plugin does: by throwing
 * ({@code mode: throw}), by failing its future ({@code mode: fail}) or by completing it from a
 * foreign thread ({@code mode: elsewhere}, which then continues).
 */
@Extension
public final class FailPolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-fail";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    String mode = action.getString("mode", "throw");
    return exchange ->
        switch (mode) {
          case "fail" -> Future.failedFuture(new IllegalStateException("secret-detail-42"));
          case "elsewhere" -> {
            var promise = io.vertx.core.Promise.<dev.gatehouse.api.Outcome>promise();
            new Thread(() -> promise.complete(dev.gatehouse.api.Outcome.CONTINUE)).start();
            yield promise.future();
          }
          default -> throw new IllegalStateException("secret-detail-42");
        };
  }
}
