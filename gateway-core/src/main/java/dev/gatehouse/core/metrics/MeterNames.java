package dev.gatehouse.core.metrics;

import java.time.Duration;

/**
 * The names, label keys and histogram buckets of the gateway's own meters. Names are Micrometer's
 * dotted form; the Prometheus registry adds the {@code _seconds}, {@code _total} and unit suffixes
 * (see {@code docs/metrics.md} for the exported names).
 */
final class MeterNames {

  static final String REQUEST_DURATION = "gatehouse.request.duration";
  static final String REQUESTS_IN_FLIGHT = "gatehouse.requests.in.flight";
  static final String CONNECTIONS_ACTIVE = "gatehouse.connections.active";
  static final String UPSTREAM_DURATION = "gatehouse.upstream.duration";
  static final String UPSTREAM_ERRORS = "gatehouse.upstream.errors";
  static final String POLICY_DURATION = "gatehouse.policy.duration";
  static final String POLICY_OUTCOMES = "gatehouse.policy.outcomes";
  static final String POLICY_DENIALS = "gatehouse.policy.denials";
  static final String CONFIG_RELOADS = "gatehouse.config.reloads";
  static final String CONFIG_LOADED = "gatehouse.config.loaded.timestamp";
  static final String CONFIG_AGE = "gatehouse.config.age";
  static final String ACCESS_LOG_DROPPED = "gatehouse.access.log.dropped";
  static final String BUILD_INFO = "gatehouse.build.info";
  static final String PLUGIN_INFO = "gatehouse.plugin.info";

  static final String API_ENDPOINT = "api_endpoint";
  static final String PIPELINE = "pipeline";
  static final String POLICY = "policy";
  static final String METHOD = "method";
  static final String STATUS_CLASS = "status_class";
  static final String SERVICE_ENDPOINT = "service_endpoint";
  static final String KIND = "kind";
  static final String OUTCOME = "outcome";
  static final String CODE = "code";
  static final String RESULT = "result";
  static final String LISTENER = "listener";

  /** Buckets of whole requests and upstream calls: 1 ms to 30 s. */
  static final Duration[] REQUEST_BUCKETS =
      millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000);

  /** Buckets of one policy step, most of which take microseconds: 50 µs to 5 s. */
  static final Duration[] POLICY_BUCKETS =
      millis(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000, 5000);

  private MeterNames() {}

  private static Duration[] millis(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
    }
    return durations;
  }
}
