package dev.gatehouse.plugins.ratelimit;

import dev.gatehouse.api.PluginSettingsSchema;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * {@code system.config.yml} {@code plugins.rate-limit}: {@code localMaxKeys}, the most counters the
 * in-process store keeps (all steps together; idle ones go first).
 */
@Extension
public final class RateLimitSettings implements PluginSettingsSchema {

  /** The default bound of the in-process store: about 20 MB of counters. */
  static final long DEFAULT_LOCAL_MAX_KEYS = 100_000;

  @Override
  public JsonObject schema() {
    return new JsonObject(
        """
        {"type":"object","additionalProperties":false,"properties":{
          "localMaxKeys":{"type":"integer","minimum":100,"maximum":100000000,"default":%d}}}
        """
            .formatted(DEFAULT_LOCAL_MAX_KEYS));
  }
}
