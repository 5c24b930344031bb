package com.example.gatehouse.stamp;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.ResponseHook;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * The {@code header-stamp} policy: stamps a header on the request the upstream receives and echoes
 * it on the response the client receives.
 *
 * <pre>
 * - header-stamp:
 *     - action:
 *         value: blue
 * </pre>
 */
@Extension
public final class HeaderStampPolicyFactory
    implements PolicyFactory<HeaderStampPolicyFactory.Config> {

  /**
   * The step's action, bound by the gateway after it validated it against {@link #actionSchema()}.
   *
   * @param header the header to stamp
   * @param value its value
   * @param echo whether to copy the stamp to the response as well
   */
  public record Config(String header, String value, boolean echo) {}

  @Override
  public String name() {
    return "header-stamp";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["value"],
         "properties":{
           "header":{"type":"string","pattern":"^[A-Za-z0-9-]+$","default":"x-stamp"},
           "value":{"type":"string","minLength":1},
           "echo":{"type":"boolean","default":true}}}
        """);
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Policy create(Config config, PolicyContext context) {
    String prefix = context.pluginSettings().getString("prefix", "");
    String stamp = prefix + config.value();
    ResponseHook echo = ResponseHook.headers(headers -> headers.set(config.header(), stamp));
    return exchange -> {
      exchange.headers().set(config.header(), stamp);
      if (config.echo()) {
        exchange.onResponse(echo);
      }
      return Outcome.proceed();
    };
  }
}
