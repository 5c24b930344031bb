package dev.gatehouse.core.testing;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.ResponseHook;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only policy ({@code test-mark}) that never answers: it appends its {@code mark} to the
 * request header {@code x-marks} and to the response header {@code x-marks}, so tests see which
 * steps ran and in which order hooks ran.
 */
@Extension
public final class PassPolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-mark";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    String mark = action.getString("mark", "marked");
    ResponseHook hook = ResponseHook.headers(h -> h.add("x-marks", mark));
    return exchange -> {
      exchange.headers().add("x-marks", mark);
      exchange.onResponse(hook);
      return Outcome.proceed();
    };
  }
}
