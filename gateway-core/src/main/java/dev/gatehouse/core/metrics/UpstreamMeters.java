package dev.gatehouse.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The meters of calls to one service endpoint: the time to the upstream's response headers, and
 * failures by kind. Created when a proxy step compiles; thread-safe.
 */
public final class UpstreamMeters {

  /** Why an upstream call failed. */
  public enum ErrorKind {
    /** No connection could be made: refused, unreachable, name not found, TLS handshake failed. */
    CONNECT,
    /** The connection or the answer took longer than the proxy's timeouts allow. */
    TIMEOUT,
    /** The connection broke before the answer arrived. */
    RESET;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Records nothing: metrics are off, or the proxy runs outside a gateway. */
  public static final UpstreamMeters NONE = new UpstreamMeters();

  private final Timer duration;
  private final Counter[] errors;

  private UpstreamMeters() {
    this.duration = null;
    this.errors = null;
  }

  UpstreamMeters(MeterRegistry registry, String serviceEndpoint) {
    this.duration =
        Timer.builder(MeterNames.UPSTREAM_DURATION)
            .description(
                "Time from sending a request upstream to the upstream's response headers, by"
                    + " service endpoint")
            .tag(MeterNames.SERVICE_ENDPOINT, serviceEndpoint)
            .serviceLevelObjectives(MeterNames.REQUEST_BUCKETS)
            .register(registry);
    ErrorKind[] kinds = ErrorKind.values();
    this.errors = new Counter[kinds.length];
    for (ErrorKind kind : kinds) {
      errors[kind.ordinal()] =
          Counter.builder(MeterNames.UPSTREAM_ERRORS)
              .description("Upstream calls that failed, by service endpoint and kind")
              .tag(MeterNames.SERVICE_ENDPOINT, serviceEndpoint)
              .tag(MeterNames.KIND, kind.label())
              .register(registry);
    }
  }

  /** An answer's headers arrived {@code nanos} after the call started. */
  public void answered(long nanos) {
    if (duration != null) {
      duration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The call failed. */
  public void failed(ErrorKind kind) {
    if (errors != null) {
      errors[kind.ordinal()].increment();
    }
  }
}
