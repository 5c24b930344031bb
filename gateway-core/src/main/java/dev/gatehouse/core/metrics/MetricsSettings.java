package dev.gatehouse.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.config.SystemConfig;
import java.util.Optional;

/**
 * {@code system.config.yml} {@code metrics}: whether the gateway keeps metrics, and the optional
 * dedicated listener that serves {@code /metrics} and the health endpoints to scrapers and probes.
 *
 * @param enabled false turns every meter into a no-op and {@code /metrics} answers 404
 * @param listener the dedicated listener, if configured
 */
public record MetricsSettings(boolean enabled, Optional<Listener> listener) {

  /** Metrics on, no dedicated listener: the defaults. */
  public static final MetricsSettings DEFAULT = new MetricsSettings(true, Optional.empty());

  /**
   * The dedicated metrics listener.
   *
   * @param host the address to bind ({@code 0.0.0.0} unless configured)
   * @param port the port; {@code 0} picks a free one
   */
  public record Listener(String host, int port) {}

  /** Reads the {@code metrics} section (already checked against the schema). */
  public static MetricsSettings from(SystemConfig system) {
    JsonNode metrics = system.document().root().path("metrics");
    JsonNode listener = metrics.path("listener");
    Optional<Listener> dedicated =
        listener.isObject()
            ? Optional.of(
                new Listener(
                    listener.path("host").asText("0.0.0.0"), listener.path("port").asInt()))
            : Optional.empty();
    return new MetricsSettings(metrics.path("enabled").asBoolean(true), dedicated);
  }
}
