package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.core.expression.EgContext;
import io.vertx.core.MultiMap;
import java.util.List;
import org.slf4j.Logger;

/**
 * A transformer's {@code headers} changes, compiled: additions first, then removals, as in Express
 * Gateway. Removal ignores case, so {@code X-Test} and {@code x-test} remove the same header.
 */
final class HeaderEdits {

  private final HeaderAdditions additions;
  private final List<String> removals;

  private HeaderEdits(HeaderAdditions additions, List<String> removals) {
    this.additions = additions;
    this.removals = removals;
  }

  static HeaderEdits compile(TransformerConfig.Changes changes) {
    return new HeaderEdits(
        HeaderAdditions.compile(changes.additions(), "", "headers.add"),
        List.copyOf(changes.removals()));
  }

  void apply(MultiMap headers, EgContext context, Exchange exchange, Logger log) {
    additions.apply(headers, context, exchange, log);
    removals.forEach(headers::remove);
  }
}
