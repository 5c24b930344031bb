package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.core.expression.EgContext;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Expression;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Headers set from CEL expressions, as the {@code headers} policy's {@code forwardHeaders} and the
 * transformers' {@code headers.add} define them: a name and an expression each, compiled at load. A
 * value that is {@code null} or fails to evaluate sets nothing and is logged at debug.
 */
final class HeaderAdditions {

  /** RFC 9110 {@code token}: the characters a header name may have. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final String[] names;
  private final Expression[] values;

  private HeaderAdditions(String[] names, Expression[] values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Compiles each {@code name: expression} of {@code add}.
   *
   * @param prefix put before each name ({@code headersPrefix})
   * @param path where {@code add} sits in the action, for errors
   */
  static HeaderAdditions compile(Map<String, Object> add, String prefix, String path) {
    String[] names = new String[add.size()];
    Expression[] values = new Expression[add.size()];
    int i = 0;
    for (Map.Entry<String, Object> entry : add.entrySet()) {
      String at = ActionPaths.child(path, entry.getKey());
      names[i] = prefix + entry.getKey();
      if (!TOKEN.matcher(names[i]).matches()) {
        throw new PolicyConfigException(at, "'" + names[i] + "' is not a valid header name");
      }
      values[i] = Expression.compile(String.valueOf(entry.getValue()), at);
      i++;
    }
    return new HeaderAdditions(names, values);
  }

  /** Sets each header on {@code headers}, replacing earlier values. */
  void apply(MultiMap headers, EgContext context, Exchange exchange, Logger log) {
    for (int i = 0; i < names.length; i++) {
      String value;
      try {
        value = values[i].evaluateText(context);
      } catch (EvaluationException e) {
        log.debug(
            "header_value_failed request_id={} pipeline={} header={} error={}",
            exchange.requestId(),
            exchange.pipelineName(),
            names[i],
            e.getMessage());
        continue;
      }
      if (value == null) {
        continue;
      }
      try {
        headers.set(names[i], value);
      } catch (IllegalArgumentException e) {
        log.debug(
            "header_value_invalid request_id={} pipeline={} header={}",
            exchange.requestId(),
            exchange.pipelineName(),
            names[i]);
      }
    }
  }
}
