package dev.gatehouse.core.testing;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.Extension;

/**
 * A test-only policy ({@code test-closeable}) holding a "resource": counts how many instances were
 * created and closed, so tests see that replaced configurations release what they held.
 */
@Extension
public final class CloseablePolicyFactory implements PolicyFactory<JsonObject> {

  public static final AtomicInteger CREATED = new AtomicInteger();
  public static final AtomicInteger CLOSED = new AtomicInteger();

  @Override
  public String name() {
    return "test-closeable";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    CREATED.incrementAndGet();
    return new Resource();
  }

  private static final class Resource implements Policy, AutoCloseable {
    @Override
    public Future<Outcome> apply(Exchange exchange) {
      return Outcome.proceed();
    }

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }
}
