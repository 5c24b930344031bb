package dev.gatehouse.core.policy;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.core.expression.EvaluationException;
import dev.gatehouse.core.expression.Template;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: logs {@code message}, a template with {@code ${…}} CEL parts ({@code ${req.method}
 * ${req.originalUrl}}), at info through the logger {@code gatehouse.policy.log}, with the request
 * id. A part that fails is logged as a warning instead and the request goes on, as in Express
 * Gateway. The step never answers. Control characters from the request are escaped, so a request
 * cannot forge log lines.
 */
@Extension
public final class LogPolicyFactory implements PolicyFactory<LogPolicyFactory.Config> {

  /** The logger messages go to; route or silence it in the logging configuration. */
  public static final String LOGGER = "gatehouse.policy.log";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  /**
   * @param message the template to log
   */
  public record Config(String message) {}

  @Override
  public String name() {
    return "log";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["message"],"properties":{"message":{"type":"string"}}}
        """);
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Policy create(Config config, PolicyContext context) {
    Template message = Template.compile(config.message(), "message");
    return exchange -> {
      try {
        String text = message.render(exchange);
        LOG.info("{} request_id={}", escapeControls(text), exchange.requestId());
      } catch (EvaluationException e) {
        LOG.warn(
            "log_message_failed request_id={} pipeline={} error={}",
            exchange.requestId(),
            exchange.pipelineName(),
            e.getMessage());
      }
      return Outcome.proceed();
    };
  }

  /** {@code \n}, {@code \r}, {@code \t} and other control characters as escapes. */
  static String escapeControls(String text) {
    int i = 0;
    while (i < text.length() && !Character.isISOControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
