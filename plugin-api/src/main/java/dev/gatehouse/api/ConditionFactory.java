package dev.gatehouse.api;

import io.vertx.core.json.JsonObject;
import org.pf4j.ExtensionPoint;

/**
 * Makes {@link Condition}s from a step's {@code condition} object, e.g. {@code {name: method,
 * methods: [GET]}}. Register an implementation with PF4J's {@code @Extension}.
 *
 * <p>The core validates the condition object (without {@code name}) against {@link
 * #paramsSchema()}, binds it to {@link #configType()} with Jackson and calls {@link #create} once
 * per configuration load. Errors name the file, line and path of the condition.
 *
 * <pre>{@code
 * @Extension
 * public final class HeaderPresentConditionFactory
 *     implements ConditionFactory<HeaderPresentConditionFactory.Params> {
 *   public record Params(String header) {}
 *   public String name() { return "headerPresent"; }
 *   public JsonObject paramsSchema() {
 *     return new JsonObject("""
 *         {"type":"object","required":["header"],"properties":{"header":{"type":"string"}}}""");
 *   }
 *   public Class<Params> configType() { return Params.class; }
 *   public Condition create(Params params, PolicyContext context) {
 *     return exchange -> exchange.headers().contains(params.header());
 *   }
 * }
 * }</pre>
 *
 * @param <C> the bound parameter type; a record, or {@link JsonObject} for the raw object
 */
public interface ConditionFactory<C> extends ExtensionPoint {

  /** The condition's {@code name} in configuration files. */
  String name();

  /** JSON Schema of the condition's parameters; by default any object. */
  default JsonObject paramsSchema() {
    return new JsonObject().put("type", "object");
  }

  /** The type the validated parameters bind to. */
  Class<C> configType();

  /**
   * Compiles one condition. Throw {@link PolicyConfigException} for a semantic error; nested
   * conditions are compiled with {@link PolicyContext#condition(JsonObject, String)}.
   */
  Condition create(C params, PolicyContext context);
}
