package dev.gatehouse.core.accesslog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;

/**
 * What the access log says about one request. The path is the one received, without its query
 * string, which may carry credentials ({@code ?access_token=}).
 *
 * @param timeMillis when the answer was complete, in milliseconds since the epoch
 * @param requestId the request id sent upstream
 * @param client the client's address (through trusted proxies)
 * @param method the request method
 * @param path the path received
 * @param status the status answered
 * @param bytes body bytes sent to the client
 * @param durationNanos from arrival to the answer's last byte
 * @param upstreamNanos the upstream's time to response headers, or -1 when it was not called
 * @param apiEndpoint the API endpoint that answered, or null
 * @param pipeline its pipeline, or null
 * @param consumer the authenticated consumer's id, or null
 * @param deniedBy the policy that answered with a problem, or null
 * @param code the problem code of the answer, or null
 * @param traceId the W3C trace id, or null
 * @param spanId the span id of the upstream call, or null
 */
public record AccessLogEntry(
    long timeMillis,
    String requestId,
    String client,
    String method,
    String path,
    int status,
    long bytes,
    long durationNanos,
    long upstreamNanos,
    String apiEndpoint,
    String pipeline,
    String consumer,
    String deniedBy,
    String code,
    String traceId,
    String spanId) {

  /** One JSON object; absent values are left out. */
  String toJson() {
    StringBuilder line = new StringBuilder(384).append('{');
    field(line, "time", Instant.ofEpochMilli(timeMillis).toString(), true);
    field(line, "request_id", requestId, false);
    field(line, "client", client, false);
    field(line, "method", method, false);
    field(line, "path", path, false);
    line.append(",\"status\":").append(status);
    line.append(",\"bytes\":").append(bytes);
    line.append(",\"duration_ms\":").append(millis(durationNanos));
    if (upstreamNanos >= 0) {
      line.append(",\"upstream_ms\":").append(millis(upstreamNanos));
    }
    field(line, "api_endpoint", apiEndpoint, false);
    field(line, "pipeline", pipeline, false);
    field(line, "consumer", consumer, false);
    field(line, "denied_by", deniedBy, false);
    field(line, "code", code, false);
    field(line, "trace_id", traceId, false);
    field(line, "span_id", spanId, false);
    return line.append('}').toString();
  }

  private static void field(StringBuilder line, String name, String value, boolean first) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (!first) {
      line.append(',');
    }
    line.append('"').append(name).append("\":\"");
    JsonStringEncoder.getInstance().quoteAsString(value, line);
    line.append('"');
  }

  /** {@code key=value} pairs; values with spaces, quotes or equals signs are quoted. */
  String toText() {
    StringBuilder line = new StringBuilder(320);
    pair(line, "time", Instant.ofEpochMilli(timeMillis).toString());
    pair(line, "request_id", requestId);
    pair(line, "client", client);
    pair(line, "method", method);
    pair(line, "path", path);
    pair(line, "status", Integer.toString(status));
    pair(line, "bytes", Long.toString(bytes));
    pair(line, "duration_ms", millis(durationNanos));
    if (upstreamNanos >= 0) {
      pair(line, "upstream_ms", millis(upstreamNanos));
    }
    pair(line, "api_endpoint", apiEndpoint);
    pair(line, "pipeline", pipeline);
    pair(line, "consumer", consumer);
    pair(line, "denied_by", deniedBy);
    pair(line, "code", code);
    pair(line, "trace_id", traceId);
    pair(line, "span_id", spanId);
    return line.toString();
  }

  private static void pair(StringBuilder line, String name, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (!line.isEmpty()) {
      line.append(' ');
    }
    line.append(name).append('=');
    if (needsQuotes(value)) {
      line.append('"');
      JsonStringEncoder.getInstance().quoteAsString(value, line);
      line.append('"');
    } else {
      line.append(value);
    }
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** Milliseconds with microsecond precision, e.g. {@code 12.345}. */
  private static String millis(long nanos) {
    long micros = nanos / 1000;
    long fraction = micros % 1000;
    return (micros / 1000) + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
  }
}
