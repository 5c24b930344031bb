package dev.gatehouse.core.testing;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Problem;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only guard ({@code test-deny}) that stands in for an authentication or rate-limit policy:
 * a request with an {@code x-allow} header continues, any other is denied with the problem the
 * action names ({@code status}, default 401; {@code code}, default {@code auth.missing}). It counts
 * its decisions in {@code gatehouse_test_decisions_total{decision}} through the registry its
 * context gives, as a plugin does.
 */
@Extension
public final class DenyPolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-deny";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    Problem problem =
        Problem.of(
            action.getInteger("status", 401), action.getString("code", "auth.missing"), "Denied");
    Counter allowed =
        context.meterRegistry().counter("gatehouse_test_decisions_total", "decision", "allowed");
    Counter denied =
        context.meterRegistry().counter("gatehouse_test_decisions_total", "decision", "denied");
    return exchange -> {
      if (exchange.headers().contains("x-allow")) {
        allowed.increment();
        return Outcome.proceed();
      }
      denied.increment();
      return Outcome.deny(problem);
    };
  }
}
