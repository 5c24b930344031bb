package dev.gatehouse.core.server;

import dev.gatehouse.core.accesslog.AccessLog;
import dev.gatehouse.core.metrics.GatewayMetrics;

/**
 * What the gateway listeners report about each request, and whether they believe a client's request
 * id.
 *
 * @param metrics request, in-flight and connection meters
 * @param accessLog one line per request
 * @param trustRequestIds whether an incoming {@code X-Request-ID} becomes the request id
 */
public record Observability(GatewayMetrics metrics, AccessLog accessLog, boolean trustRequestIds) {

  /** No metrics, no access log, generated request ids. */
  public static Observability none() {
    return new Observability(GatewayMetrics.disabled(), AccessLog.OFF, false);
  }
}
