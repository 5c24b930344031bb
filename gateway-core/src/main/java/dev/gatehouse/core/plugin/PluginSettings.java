package dev.gatehouse.core.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.PluginSettingsSchema;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.JsonSchemas;
import dev.gatehouse.core.config.SchemaValidator;
import dev.gatehouse.core.config.SystemConfig;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the {@code plugins.<id>} settings of {@code system.config.yml} against each loaded
 * plugin's {@link PluginSettingsSchema}, with its defaults applied.
 */
public final class PluginSettings {

  private static final Logger LOG = LoggerFactory.getLogger(PluginSettings.class);

  private PluginSettings() {}

  /**
   * The validated settings of every loaded plugin, by plugin id (an empty object when unset).
   *
   * @throws ConfigException when a plugin's settings fail its schema
   */
  public static Map<String, JsonObject> validate(ExtensionRegistry registry, SystemConfig system)
      throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    Map<String, JsonObject> settings = new HashMap<>();
    for (LoadedPlugin plugin : registry.plugins()) {
      ConfigPath at = ConfigPath.root().child("plugins").child(plugin.id());
      ObjectNode given = system.plugins().get(plugin.id());
      ObjectNode instance =
          given == null ? system.document().root().objectNode() : given.deepCopy();
      Optional<PluginSettingsSchema> schema = registry.settingsSchema(plugin.id());
      if (schema.isPresent()) {
        try {
          SchemaValidator validator =
              new JsonSchemas()
                  .compile(
                      "settings of plugin " + plugin.id(),
                      ConfigBinding.toTree(schema.get().schema()));
          errors.addAll(validator.validate(system.document(), at, instance));
        } catch (IllegalArgumentException e) {
          errors.add(
              new ConfigError(
                  system.document().locate(at),
                  at,
                  null,
                  plugin.jarName() + " declares an invalid settings schema: " + e.getMessage()));
        }
      }
      settings.put(plugin.id(), ConfigBinding.toJsonObject(instance));
    }
    system.plugins().keySet().stream()
        .filter(id -> registry.plugins().stream().noneMatch(p -> p.id().equals(id)))
        .forEach(
            id ->
                LOG.warn(
                    "config_warning system.config plugins.{} configures a plugin that is not"
                        + " installed; its settings are ignored",
                    id));
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return settings;
  }
}
