package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code system.config.yml}, bound: settings read once at start.
 *
 * @param document the parsed file (an empty document when the file does not exist)
 * @param plugins settings per plugin id, as written under {@code plugins}
 * @param logging how the gateway logs
 * @param eventLoops the number of event loops (and gateway listener instances)
 * @param shutdownTimeoutMillis how long requests in flight may take to finish when the gateway
 *     stops
 */
public record SystemConfig(
    ConfigDocument document,
    Map<String, ObjectNode> plugins,
    Logging logging,
    int eventLoops,
    long shutdownTimeoutMillis) {

  /**
   * The {@code logging} section (a Gatehouse addition).
   *
   * @param format {@code text} (readable, the default) or {@code json}
   * @param level the root level: {@code error}, {@code warn}, {@code info}, {@code debug}…
   */
  public record Logging(String format, String level) {}
}
