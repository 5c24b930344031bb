package dev.gatehouse.core.policy;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.core.expression.EgContext;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code headers} (deprecated in Express Gateway, kept for its configurations): sets request
 * headers sent upstream, each named {@code headersPrefix} + a key of {@code forwardHeaders} and
 * valued by the key's CEL expression, e.g. {@code headersPrefix: eg-} and {@code id: consumer.id}
 * send {@code eg-id}. A value that is {@code null} or fails (no consumer) sets nothing. New
 * configurations use request-transformer's {@code headers.add}.
 */
@Extension
public final class HeadersPolicyFactory implements PolicyFactory<HeadersPolicyFactory.Config> {

  private static final Logger LOG = LoggerFactory.getLogger("gatehouse.policy.headers");

  /**
   * @param headersPrefix put before every header name (default empty)
   * @param forwardHeaders header name (without prefix) to CEL expression
   */
  public record Config(String headersPrefix, Map<String, Object> forwardHeaders) {}

  @Override
  public String name() {
    return "headers";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["forwardHeaders"],"properties":{
          "headersPrefix":{"type":"string","default":""},
          "forwardHeaders":{"type":"object",
            "additionalProperties":{"type":["string","number","boolean"]}}}}
        """);
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Policy create(Config config, PolicyContext context) {
    HeaderAdditions headers =
        HeaderAdditions.compile(
            config.forwardHeaders(),
            java.util.Objects.requireNonNullElse(config.headersPrefix(), ""),
            "forwardHeaders");
    return exchange -> {
      headers.apply(exchange.headers(), EgContext.of(exchange), exchange, LOG);
      return Outcome.proceed();
    };
  }
}
