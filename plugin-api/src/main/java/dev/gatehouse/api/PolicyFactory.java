package dev.gatehouse.api;

import io.vertx.core.json.JsonObject;
import org.pf4j.ExtensionPoint;

/**
 * Makes {@link Policy} instances from pipeline steps. This is the extension point a policy plugin
 * implements; register it with PF4J's {@code @Extension}.
 *
 * <p>When a configuration loads, the core validates each step's {@code action} against {@link
 * #actionSchema()} (applying its defaults and coercing scalar types as Express Gateway does), binds
 * it to {@link #configType()} with Jackson and calls {@link #create} once per step. Nothing here
 * runs per request: do the expensive work (parse keys, compile patterns, create meters) in {@code
 * create}.
 *
 * <pre>{@code
 * @Extension
 * public final class StampPolicyFactory implements PolicyFactory<StampPolicyFactory.Config> {
 *   public record Config(String header, String value) {}
 *
 *   public String name() { return "stamp"; }
 *
 *   public JsonObject actionSchema() {
 *     return new JsonObject("""
 *         {"type":"object","required":["value"],
 *          "properties":{"header":{"type":"string","default":"x-stamp"},"value":{"type":"string"}}}""");
 *   }
 *
 *   public Class<Config> configType() { return Config.class; }
 *
 *   public Policy create(Config config, PolicyContext context) {
 *     return exchange -> {
 *       exchange.headers().set(config.header(), config.value());
 *       return Outcome.proceed();
 *     };
 *   }
 * }
 * }</pre>
 *
 * @param <C> the bound action type; a record, or {@link JsonObject} for the raw object
 */
public interface PolicyFactory<C> extends ExtensionPoint {

  /** The policy's name in configuration files: kebab-case, equal to the plugin's policy name. */
  String name();

  /** JSON Schema of the step's {@code action}; by default any object. */
  default JsonObject actionSchema() {
    return new JsonObject().put("type", "object");
  }

  /** The type the validated action binds to. */
  Class<C> configType();

  /**
   * Compiles one pipeline step. Throw {@link PolicyConfigException} for an error the schema cannot
   * express (an unknown service endpoint, an unreadable key file); it is reported with the file,
   * line and path of the step, and the configuration is refused.
   */
  Policy create(C config, PolicyContext context);
}
