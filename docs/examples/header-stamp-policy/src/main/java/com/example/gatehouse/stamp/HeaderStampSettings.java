package com.example.gatehouse.stamp;

import dev.gatehouse.api.PluginSettingsSchema;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * The plugin's settings in {@code system.config.yml}:
 *
 * <pre>
 * plugins:
 *   header-stamp:
 *     prefix: "v1-"
 * </pre>
 */
@Extension
public final class HeaderStampSettings implements PluginSettingsSchema {

  @Override
  public JsonObject schema() {
    return new JsonObject(
        """
        {"type":"object","properties":{"prefix":{"type":"string","default":""}},
         "additionalProperties":false}
        """);
  }
}
