package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.core.expression.EgContext;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Expression;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A transformer's {@code body} changes, compiled: fields to add (name and CEL expression) and
 * fields to remove, applied to a JSON object or to a urlencoded form. Additions come first, then
 * removals, as in Express Gateway. A value that fails to evaluate adds nothing and is logged at
 * debug.
 */
final class BodyEdits {

  private final String[] names;
  private final Expression[] values;
  private final List<String> removals;

  private BodyEdits(String[] names, Expression[] values, List<String> removals) {
    this.names = names;
    this.values = values;
    this.removals = removals;
  }

  static BodyEdits compile(TransformerConfig.Changes changes, String path) {
    Map<String, Object> add = changes.additions();
    String[] names = new String[add.size()];
    Expression[] values = new Expression[add.size()];
    int i = 0;
    for (Map.Entry<String, Object> entry : add.entrySet()) {
      names[i] = entry.getKey();
      values[i] =
          Expression.compile(
              String.valueOf(entry.getValue()), ActionPaths.child(path + ".add", names[i]));
      i++;
    }
    return new BodyEdits(names, values, List.copyOf(changes.removals()));
  }

  /** Changes a JSON object: added values keep their JSON type (numbers, lists, maps). */
  void apply(JsonObject body, EgContext context, Exchange exchange, Logger log) {
    for (int i = 0; i < names.length; i++) {
      try {
        body.put(names[i], values[i].evaluateJson(context));
      } catch (EvaluationException e) {
        failed(i, e, exchange, log);
      }
    }
    removals.forEach(body::remove);
  }

  /** Changes a form: added values as text, {@code null} as empty. */
  void apply(Map<String, List<String>> form, EgContext context, Exchange exchange, Logger log) {
    for (int i = 0; i < names.length; i++) {
      try {
        String text = values[i].evaluateText(context);
        form.put(names[i], List.of(text == null ? "" : text));
      } catch (EvaluationException e) {
        failed(i, e, exchange, log);
      }
    }
    removals.forEach(form::remove);
  }

  private void failed(int index, EvaluationException e, Exchange exchange, Logger log) {
    log.debug(
        "body_value_failed request_id={} pipeline={} field={} error={}",
        exchange.requestId(),
        exchange.pipelineName(),
        names[index],
        e.getMessage());
  }
}
