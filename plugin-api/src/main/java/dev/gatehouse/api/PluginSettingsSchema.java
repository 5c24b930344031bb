package dev.gatehouse.api;

import io.vertx.core.json.JsonObject;
import org.pf4j.ExtensionPoint;

/**
 * Declares the JSON Schema of a plugin's settings, read from {@code system.config.yml} under {@code
 * plugins.<plugin-id>}. Settings that fail it stop the gateway from starting, with the file, line
 * and path. A plugin has at most one.
 *
 * <pre>{@code
 * @Extension
 * public final class StampSettings implements PluginSettingsSchema {
 *   public JsonObject schema() {
 *     return new JsonObject("""
 *         {"type":"object","properties":{"defaultValue":{"type":"string","default":"x"}}}""");
 *   }
 * }
 * }</pre>
 */
public interface PluginSettingsSchema extends ExtensionPoint {

  /** The schema; defaults it declares are applied to the settings. */
  JsonObject schema();
}
