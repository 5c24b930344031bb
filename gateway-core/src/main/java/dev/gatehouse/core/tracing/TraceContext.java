package dev.gatehouse.core.tracing;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A request's W3C Trace Context: the trace it belongs to, taken from a valid incoming {@code
 * traceparent} (with its {@code tracestate}), or a new trace when the header is absent or
 * malformed. The gateway calls its upstream as a new span of that trace: {@link
 * #traceparent(String)} with a {@link #newSpanId()}, so the upstream's spans hang under the
 * gateway's call and the trace stitches through.
 *
 * <p>A new trace is marked sampled ({@code 01}), as a request without the gateway in front would be
 * to a service that starts its own traces. Immutable.
 *
 * <pre>{@code
 * TraceContext trace = TraceContext.from(request.headers());
 * String span = TraceContext.newSpanId();
 * upstream.headers().set("traceparent", trace.traceparent(span));
 * }</pre>
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param flags the trace flags, 2 lower-case hex digits
 * @param tracestate the vendors' state to pass on unchanged, or null
 * @param incoming whether the trace came with the request (false: the gateway started it)
 */
public record TraceContext(String traceId, String flags, String tracestate, boolean incoming) {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The length of a version-00 {@code traceparent}: {@code 00-<32>-<16>-<2>}. */
  private static final int LENGTH = 55;

  /** The trace of a request with {@code headers}: continued when valid, else a new one. */
  public static TraceContext from(MultiMap headers) {
    List<String> parents = headers.getAll(TRACEPARENT);
    if (parents.size() == 1) {
      TraceContext parsed = parse(parents.get(0), headers.getAll(TRACESTATE));
      if (parsed != null) {
        return parsed;
      }
    }
    return new TraceContext(newTraceId(), "01", null, false);
  }

  /**
   * Parses {@code traceparent} as Trace Context level 1 does: version {@code 00} exactly, later
   * versions by their first four fields; {@code ff}, upper-case hex and all-zero ids are invalid.
   * Returns null when invalid.
   */
  static TraceContext parse(String traceparent, List<String> tracestate) {
    String value = traceparent.trim();
    if (value.length() < LENGTH
        || value.charAt(2) != '-'
        || value.charAt(35) != '-'
        || value.charAt(52) != '-') {
      return null;
    }
    String version = value.substring(0, 2);
    if (!isHex(version) || version.equals("ff")) {
      return null;
    }
    if (version.equals("00") ? value.length() != LENGTH : !endsField(value)) {
      return null;
    }
    String traceId = value.substring(3, 35);
    String parentId = value.substring(36, 52);
    String flags = value.substring(53, 55);
    if (!isHex(traceId) || !isHex(parentId) || !isHex(flags)) {
      return null;
    }
    if (isZero(traceId) || isZero(parentId)) {
      return null;
    }
    if (!version.equals("00")) {
      // A later version's other flags mean nothing to a version-00 header: keep "sampled" only.
      flags = (Integer.parseInt(flags, 16) & 1) == 1 ? "01" : "00";
    }
    String state = tracestate.isEmpty() ? null : String.join(",", tracestate).trim();
    return new TraceContext(traceId, flags, state == null || state.isEmpty() ? null : state, true);
  }

  private static boolean endsField(String value) {
    return value.length() == LENGTH || value.charAt(LENGTH) == '-';
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  /** The {@code traceparent} of a call made as span {@code spanId} of this trace. */
  public String traceparent(String spanId) {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  /** A new span id: 16 hex digits from 64 random bits, never all zero. */
  public static String newSpanId() {
    return hex(nonZero(), 16);
  }

  private static String newTraceId() {
    return hex(nonZero(), 16) + hex(ThreadLocalRandom.current().nextLong(), 16);
  }

  private static long nonZero() {
    long value;
    do {
      value = ThreadLocalRandom.current().nextLong();
    } while (value == 0);
    return value;
  }

  private static String hex(long value, int digits) {
    char[] out = new char[digits];
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
    return new String(out);
  }
}
