package dev.gatehouse.core.proxy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.metrics.UpstreamMeters;
import dev.gatehouse.core.metrics.UpstreamMeters.ErrorKind;
import dev.gatehouse.core.pipeline.HttpExchange;
import dev.gatehouse.core.pipeline.RouteAttributes;
import dev.gatehouse.core.tracing.TraceContext;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one request upstream over HTTP/1.1, whatever the client spoke, and answers with the
 * upstream's response, both bodies streamed with back-pressure and never buffered. A WebSocket
 * upgrade request opens the upstream WebSocket instead (see {@link #upgrade}). Connection failures
 * answer 502, timeouts 504, each as problem+json; the cause goes to the log with the request id.
 *
 * <p>Upstream requests carry the request id ({@code eg-request-id} and {@code X-Request-ID}) and
 * the request's W3C trace with a new span id for the call ({@code traceparent}, {@code
 * tracestate}). The time to the upstream's response headers and failures by kind go to the service
 * endpoint's meters.
 */
final class ProxyPolicy implements Policy {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyPolicy.class);

  /** Headers the proxy sets itself rather than copying from the client. */
  private static final String[] SET_BY_PROXY = {
    "host",
    "content-length",
    "expect",
    "eg-request-id",
    "eg-consumer-id",
    "x-request-id",
    TraceContext.TRACEPARENT,
    TraceContext.TRACESTATE
  };

  private static final int SWITCHING_PROTOCOLS = 101;

  private static final Problem BAD_GATEWAY =
      Problem.of(502, "upstream.unavailable", "Bad Gateway")
          .withDetail("The upstream service could not be reached.");
  private static final Problem GATEWAY_TIMEOUT =
      Problem.of(504, "upstream.timeout", "Gateway Timeout")
          .withDetail("The upstream service did not answer in time.");
  private static final Problem NOT_CONFIGURED =
      Problem.of(502, "upstream.not_configured", "Bad Gateway")
          .withDetail("This proxy step has no service endpoint.");

  private final UpstreamClients clients;
  private final Balancer balancer;
  private final ProxySettings settings;
  private final ClientSSLOptions tls;
  private final ForwardProxy forwardProxy;
  private final String basicAuth;
  private final UpstreamMeters meters;

  ProxyPolicy(
      UpstreamClients clients,
      Balancer balancer,
      ProxySettings settings,
      Optional<ClientSSLOptions> tls,
      Optional<ForwardProxy> forwardProxy,
      UpstreamMeters meters) {
    this.meters = meters;
    this.clients = clients;
    this.balancer = balancer;
    this.settings = settings;
    this.tls = tls.orElse(null);
    this.forwardProxy = forwardProxy.orElse(null);
    this.basicAuth =
        settings.auth() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(settings.auth().getBytes(StandardCharsets.UTF_8));
  }

  /** A proxy step without a service endpoint: Express Gateway answers every request 502. */
  static Policy unconfigured() {
    return exchange -> Outcome.deny(NOT_CONFIGURED);
  }

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    UpstreamTarget target = balancer.next();
    long started = System.nanoTime();
    if (ClientRequest.isWebSocketUpgrade(exchange)) {
      return upgrade(exchange, target, started);
    }
    return attempt(exchange, target, started, true);
  }

  private Future<Outcome> attempt(
      Exchange exchange, UpstreamTarget target, long started, boolean firstTry) {
    return clients
        .current()
        .request(options(exchange, target))
        .compose(request -> send(exchange, target, request))
        .map(upstream -> answered(exchange, started, answer(upstream)))
        .recover(
            failure ->
                firstTry && mayRetry(exchange, failure)
                    ? attempt(exchange, target, started, false)
                    : failed(exchange, target, failure));
  }

  /**
   * A kept-alive upstream connection can close just as a request is written on it (a server that
   * ends connections after so many requests, or when idle): the request never reached the
   * application. It is sent once more, on another connection, when sending it again cannot do harm:
   * an idempotent method without a body, and the connection closed before any answer came.
   */
  static boolean mayRetry(Exchange exchange, Throwable failure) {
    HttpMethod method = exchange.method();
    boolean idempotent =
        method.equals(HttpMethod.GET)
            || method.equals(HttpMethod.HEAD)
            || method.equals(HttpMethod.OPTIONS);
    return idempotent
        && failure instanceof HttpClosedException
        && exchange.body() == null
        // An HTTP/2 request may carry a body it never declared; its stream cannot be sent twice.
        && !ClientRequest.isHttp2(exchange)
        && !exchange.headers().contains(HttpHeaders.CONTENT_LENGTH)
        && !exchange.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** Records the time to the upstream's response headers. */
  private Outcome answered(Exchange exchange, long started, Outcome outcome) {
    long elapsed = System.nanoTime() - started;
    meters.answered(elapsed);
    if (exchange instanceof HttpExchange http) {
      http.upstreamAnswered(elapsed);
    }
    return outcome;
  }

  private RequestOptions options(Exchange exchange, UpstreamTarget target) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(exchange.method())
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.ssl())
            .setURI(
                UpstreamPath.of(
                    target.basePath(),
                    exchange.path(),
                    exchange.query(),
                    exchange.get(RouteAttributes.MATCHED_PATTERN),
                    settings.strips(),
                    settings.prepends(),
                    settings.ignoresPath()))
            .setConnectTimeout(
                settings.connectTimeout() == null
                    ? ProxySettings.DEFAULT_CONNECT_TIMEOUT
                    : settings.connectTimeout());
    if (settings.proxyTimeout() != null) {
      options.setIdleTimeout(settings.proxyTimeout());
    }
    if (target.ssl() && tls != null) {
      options.setSslOptions(tls);
    }
    if (forwardProxy != null) {
      options.setProxyOptions(forwardProxy.optionsFor(target.host()));
    }
    return options;
  }

  /**
   * Opens the upstream WebSocket for a client's upgrade request: the same target, path and headers
   * as an HTTP request, over TLS ({@code wss}) when the service endpoint is {@code https}. The
   * upstream's {@code 101} becomes an answer whose body is the upstream connection, which the core
   * splices to the client's; any other answer (a refusal) goes back to the client as it is.
   */
  private Future<Outcome> upgrade(Exchange exchange, UpstreamTarget target, long started) {
    return clients
        .current()
        .request(options(exchange, target))
        .compose(
            request -> {
              forwardHeaders(exchange, target, request);
              request
                  .headers()
                  .set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE)
                  .set(HttpHeaders.UPGRADE, exchange.headers().get(HttpHeaders.UPGRADE));
              return request.connect();
            })
        .map(upstream -> answered(exchange, started, switched(upstream)))
        .recover(failure -> failed(exchange, target, failure));
  }

  private static Outcome switched(HttpClientResponse upstream) {
    if (upstream.statusCode() != SWITCHING_PROTOCOLS) {
      return answer(upstream);
    }
    NetSocket connection = upstream.netSocket();
    connection.pause();
    MultiMap headers = upstream.headers();
    String protocol = headers.get(HttpHeaders.UPGRADE);
    HopByHopHeaders.strip(headers);
    // Upgrade and Connection are hop-by-hop, yet the client's 101 needs its own pair.
    headers
        .set(HttpHeaders.UPGRADE, protocol == null ? "websocket" : protocol)
        .set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
    return Outcome.answer(Response.streaming(SWITCHING_PROTOCOLS, headers, connection));
  }

  private Future<HttpClientResponse> send(
      Exchange exchange, UpstreamTarget target, HttpClientRequest request) {
    forwardHeaders(exchange, target, request);
    return sendBody(exchange, request);
  }

  /** Everything the upstream request carries besides its body and framing. */
  private void forwardHeaders(Exchange exchange, UpstreamTarget target, HttpClientRequest request) {
    MultiMap headers = request.headers();
    HopByHopHeaders.copy(exchange.headers(), headers, SET_BY_PROXY);
    if (settings.changesOrigin()) {
      request.authority(target.authority());
    } else {
      String host = ClientRequest.authority(exchange);
      if (host != null) {
        headers.set(HttpHeaders.HOST, host);
      }
    }
    headers.set("eg-request-id", exchange.requestId());
    headers.set("x-request-id", exchange.requestId());
    trace(exchange, headers);
    exchange.consumer().ifPresent(c -> headers.set("eg-consumer-id", c.id()));
    if (settings.forwards()) {
      forwardedHeaders(exchange, headers);
    }
    if (settings.headers() != null) {
      settings.headers().forEach(headers::set);
    }
    if (basicAuth != null) {
      headers.set(HttpHeaders.AUTHORIZATION, basicAuth);
    }
  }

  /** The request's trace, continued upstream as a new span. */
  private static void trace(Exchange exchange, MultiMap headers) {
    TraceContext trace;
    String span = TraceContext.newSpanId();
    if (exchange instanceof HttpExchange http) {
      trace = http.trace();
      http.upstreamSpanId(span);
    } else {
      trace = TraceContext.from(exchange.headers());
    }
    headers.set(TraceContext.TRACEPARENT, trace.traceparent(span));
    if (trace.tracestate() != null) {
      headers.set(TraceContext.TRACESTATE, trace.tracestate());
    }
  }

  private static Future<HttpClientResponse> sendBody(Exchange exchange, HttpClientRequest request) {
    Buffer body = exchange.body();
    if (body != null) {
      return request.send(body);
    }
    // An HTTP/1 request has a body exactly when it says so with Content-Length or
    // Transfer-Encoding; an HTTP/2 request may have one without either.
    String length = exchange.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      request.headers().set(HttpHeaders.CONTENT_LENGTH, length);
    } else if (exchange.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      request.setChunked(true);
    } else if (ClientRequest.isHttp2(exchange)) {
      return sendUndeclaredBody(exchange, request);
    } else {
      return request.send();
    }
    ReadStream<Buffer> stream = exchange.bodyStream();
    return stream == null ? request.send() : request.send(stream);
  }

  /**
   * Sends the body of an HTTP/2 request that declared no length: the first chunk, or the end of the
   * stream, tells whether there is one; if so it goes upstream chunked.
   */
  private static Future<HttpClientResponse> sendUndeclaredBody(
      Exchange exchange, HttpClientRequest request) {
    ReadStream<Buffer> stream = exchange.bodyStream();
    if (stream == null) {
      return request.send();
    }
    return FirstChunk.of(stream)
        .compose(
            first -> {
              if (first == null) {
                return request.send();
              }
              request.setChunked(true);
              request.write(first);
              // What send(stream) does, after the chunk already taken from the stream.
              stream.pipeTo(request);
              return request.response();
            });
  }

  private static void forwardedHeaders(Exchange exchange, MultiMap headers) {
    SocketAddress peer = exchange.remoteAddress();
    String client = peer == null ? null : peer.hostAddress();
    String previous = exchange.headers().get("x-forwarded-for");
    if (client != null) {
      headers.set("x-forwarded-for", previous == null ? client : previous + ", " + client);
    }
    String host = ClientRequest.authority(exchange);
    int colon = host == null ? -1 : host.lastIndexOf(':');
    String port =
        colon > 0 && host.indexOf(']') < colon
            ? host.substring(colon + 1)
            : exchange.scheme().equals("https") ? "443" : "80";
    appendOrSet(exchange, headers, "x-forwarded-port", port);
    appendOrSet(exchange, headers, "x-forwarded-proto", exchange.scheme());
    if (host != null && !headers.contains("x-forwarded-host")) {
      headers.set("x-forwarded-host", host);
    }
  }

  private static void appendOrSet(Exchange exchange, MultiMap headers, String name, String value) {
    String previous = exchange.headers().get(name);
    headers.set(name, previous == null ? value : previous + "," + value);
  }

  private static Outcome answer(HttpClientResponse upstream) {
    upstream.pause();
    // The upstream's header map becomes the response's: no copy; only its hop-by-hop headers go.
    MultiMap headers = upstream.headers();
    HopByHopHeaders.strip(headers);
    return Outcome.answer(Response.streaming(upstream.statusCode(), headers, upstream));
  }

  private Future<Outcome> failed(Exchange exchange, UpstreamTarget target, Throwable failure) {
    ErrorKind kind = kindOf(failure);
    meters.failed(kind);
    LOG.warn(
        "upstream_failed request_id={} pipeline={} upstream={}:{} kind={} error={}",
        exchange.requestId(),
        exchange.pipelineName(),
        target.host(),
        target.port(),
        kind.name().toLowerCase(java.util.Locale.ROOT),
        failure.toString());
    return Outcome.deny(kind == ErrorKind.TIMEOUT ? GATEWAY_TIMEOUT : BAD_GATEWAY);
  }

  /**
   * A timeout anywhere in the chain; else no connection made (refused, unreachable, unknown host, a
   * failed TLS handshake); else the connection broke before the answer came.
   */
  static ErrorKind kindOf(Throwable failure) {
    boolean connect = false;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof ConnectTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return ErrorKind.TIMEOUT;
      }
      connect |=
          t instanceof ConnectException
              || t instanceof UnknownHostException
              || t instanceof SSLException;
    }
    return connect ? ErrorKind.CONNECT : ErrorKind.RESET;
  }

  @Override
  public String toString() {
    return "ProxyPolicy" + Map.of("stripPath", settings.strips());
  }
}
