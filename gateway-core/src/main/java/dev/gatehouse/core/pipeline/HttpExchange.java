package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.AttributeKey;
import dev.gatehouse.api.BodyCollector;
import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.ResponseHook;
import dev.gatehouse.core.metrics.RouteMeters;
import dev.gatehouse.core.tracing.TraceContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The {@link Exchange} of a request received by a listener. Confined to the event loop of the
 * request's connection; nothing here is thread-safe, nothing needs to be.
 */
public final class HttpExchange implements Exchange {

  private final HttpServerRequest request;
  private final String requestId;
  private final String host;
  private final TrustedProxies trustedProxies;
  private String clientIp;
  private String path;
  private ApiEndpoint apiEndpoint;
  private String pipelineName = "";
  private Map<String, String> pathParams = Map.of();
  private ConsumerIdentity consumer;

  /** Attribute keys and values, alternating; a request carries few, so a scan beats a map. */
  private Object[] attributes;

  private int attributeCount;
  private List<ResponseHook> hooks;
  private Buffer body;
  private Future<Buffer> buffering;
  private boolean bodyStreamTaken;

  // What the request metrics and the access log report about the request.
  private final long startedNanos = System.nanoTime();
  private RouteMeters routeMeters;
  private String deniedBy;
  private String problemCode;
  private long upstreamNanos = -1;
  private String upstreamSpanId;
  private TraceContext trace;

  /**
   * @param request the server request (paused when it has a body)
   * @param normalizedPath the path the request is routed on
   * @param trustedProxies whose forwarding headers name the client, its host and scheme
   */
  public HttpExchange(
      HttpServerRequest request,
      String requestId,
      String normalizedPath,
      TrustedProxies trustedProxies) {
    this.request = request;
    this.requestId = requestId;
    this.path = normalizedPath;
    this.trustedProxies = trustedProxies;
    this.host = hostOf(request, trustedProxies);
  }

  /** The addressed host, lower-case and without port; null when the request names none. */
  private static String hostOf(HttpServerRequest request, TrustedProxies trustedProxies) {
    String forwarded = trustedProxies.forwarded(peer(request), request.headers(), "host");
    if (forwarded != null) {
      return withoutPort(forwarded).toLowerCase(Locale.ROOT);
    }
    HostAndPort authority = request.authority();
    if (authority == null || authority.host() == null || authority.host().isEmpty()) {
      return null;
    }
    return authority.host().toLowerCase(Locale.ROOT);
  }

  private static String withoutPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(1, end);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String peer(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    return peer == null ? null : peer.hostAddress();
  }

  /**
   * Points the exchange at the endpoint (and pipeline) it is about to run; fall-through moves on.
   */
  public void route(ApiEndpoint endpoint, String pipeline, Map<String, String> params) {
    this.apiEndpoint = endpoint;
    this.pipelineName = pipeline;
    this.pathParams = params;
  }

  /** When the request arrived, by {@link System#nanoTime()}. */
  public long startedNanos() {
    return startedNanos;
  }

  /** The meters of the route answering the request; null until a route is chosen. */
  public RouteMeters routeMeters() {
    return routeMeters;
  }

  public void routeMeters(RouteMeters meters) {
    this.routeMeters = meters;
  }

  /**
   * Records that policy {@code policy} answered with a problem of code {@code code}: the access
   * log's denying policy and code.
   */
  void denied(String policy, String code) {
    this.deniedBy = policy;
    this.problemCode = code;
  }

  /** The policy that answered with a problem, or null. */
  public String deniedBy() {
    return deniedBy;
  }

  /** The code of the problem a policy answered with, or null. */
  public String problemCode() {
    return problemCode;
  }

  /** Records the span id the upstream call is sent as. */
  public void upstreamSpanId(String spanId) {
    this.upstreamSpanId = spanId;
  }

  /** Records the upstream's time to response headers. */
  public void upstreamAnswered(long nanos) {
    this.upstreamNanos = nanos;
  }

  /** The time the upstream took to answer, in nanoseconds, or -1 when it was not called. */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  /** The span id of the upstream call ({@code traceparent}'s parent id upstream), or null. */
  public String upstreamSpanId() {
    return upstreamSpanId;
  }

  /** The request's W3C trace: continued from its {@code traceparent}, or new. Read lazily. */
  public TraceContext trace() {
    if (trace == null) {
      trace = TraceContext.from(request.headers());
    }
    return trace;
  }

  /** The underlying request. */
  public HttpServerRequest request() {
    return request;
  }

  /** Hooks registered so far, in registration order; null when none. */
  List<ResponseHook> hooks() {
    return hooks;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public String rawPath() {
    return request.path();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public void setPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with '/': " + path);
    }
    this.path = path;
  }

  @Override
  public String query() {
    return request.query();
  }

  @Override
  public MultiMap queryParams() {
    return request.params();
  }

  @Override
  public MultiMap headers() {
    return request.headers();
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String scheme() {
    String forwarded = trustedProxies.forwarded(peer(request), request.headers(), "proto");
    if (forwarded != null) {
      return forwarded.toLowerCase(Locale.ROOT);
    }
    return request.isSSL() ? "https" : "http";
  }

  @Override
  public SocketAddress remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public String clientIp() {
    if (clientIp == null) {
      clientIp = trustedProxies.clientIp(peer(request), request.headers());
    }
    return clientIp;
  }

  @Override
  public SSLSession sslSession() {
    return request.sslSession();
  }

  @Override
  public Map<String, String> pathParams() {
    return pathParams;
  }

  @Override
  public ApiEndpoint apiEndpoint() {
    return apiEndpoint;
  }

  @Override
  public String pipelineName() {
    return pipelineName;
  }

  @Override
  public Optional<ConsumerIdentity> consumer() {
    return Optional.ofNullable(consumer);
  }

  @Override
  public void authenticate(ConsumerIdentity consumer) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  @Override
  public <T> T get(AttributeKey<T> key) {
    for (int i = 0; i < attributeCount; i++) {
      if (attributes[2 * i] == key) {
        return key.cast(attributes[2 * i + 1]);
      }
    }
    return null;
  }

  @Override
  public <T> void put(AttributeKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    for (int i = 0; i < attributeCount; i++) {
      if (attributes[2 * i] == key) {
        attributes[2 * i + 1] = value;
        return;
      }
    }
    if (attributes == null) {
      attributes = new Object[8];
    } else if (attributes.length == 2 * attributeCount) {
      attributes = Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[2 * attributeCount] = key;
    attributes[2 * attributeCount + 1] = value;
    attributeCount++;
  }

  @Override
  public Future<Buffer> bufferBody(long maxBytes) {
    if (body != null) {
      return Future.succeededFuture(body);
    }
    if (buffering == null) {
      if (bodyStreamTaken) {
        return Future.failedFuture(new IllegalStateException("the body stream was already taken"));
      }
      buffering = BodyCollector.collect(request, maxBytes).onSuccess(b -> body = b);
    }
    return buffering;
  }

  @Override
  public Buffer body() {
    return body;
  }

  @Override
  public void setBody(Buffer body) {
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public ReadStream<Buffer> bodyStream() {
    if (body != null || buffering != null || bodyStreamTaken) {
      return null;
    }
    bodyStreamTaken = true;
    return request;
  }

  @Override
  public void onResponse(ResponseHook hook) {
    if (hooks == null) {
      hooks = new ArrayList<>(4);
    }
    hooks.add(Objects.requireNonNull(hook, "hook"));
  }

  @Override
  public String toString() {
    return "HttpExchange[" + requestId + " " + request.method() + " " + path + "]";
  }
}
