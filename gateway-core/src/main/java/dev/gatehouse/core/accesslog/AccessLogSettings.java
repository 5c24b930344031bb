package dev.gatehouse.core.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.config.SystemConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code system.config.yml} {@code accessLog}: one line per request, off unless enabled.
 *
 * @param enabled whether lines are written
 * @param format {@code json} (the default) or {@code text}
 * @param file where lines go, absolute; empty for standard output
 */
public record AccessLogSettings(boolean enabled, Format format, Optional<Path> file) {

  /** The shape of a line. */
  public enum Format {
    /** One JSON object per line. */
    JSON,
    /** {@code key=value} pairs, as the gateway's own log lines. */
    TEXT
  }

  public static final AccessLogSettings OFF =
      new AccessLogSettings(false, Format.JSON, Optional.empty());

  /**
   * Reads the {@code accessLog} section (already checked against the schema); a relative {@code
   * file} is relative to the distribution folder, as {@code db.embedded.path} is.
   */
  public static AccessLogSettings from(SystemConfig system) {
    JsonNode section = system.document().root().path("accessLog");
    if (!section.isObject()) {
      return OFF;
    }
    String file = section.path("file").asText("");
    return new AccessLogSettings(
        section.path("enabled").asBoolean(true),
        Format.valueOf(section.path("format").asText("json").toUpperCase(Locale.ROOT)),
        file.isEmpty()
            ? Optional.empty()
            : Optional.of(SystemConfig.Db.home().resolve(file).toAbsolutePath().normalize()));
  }
}
