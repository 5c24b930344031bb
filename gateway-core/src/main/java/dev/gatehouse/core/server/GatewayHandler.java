package dev.gatehouse.core.server;

import dev.gatehouse.api.BodyTooLargeException;
import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.accesslog.AccessLogEntry;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.metrics.RouteMeters;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.pipeline.ContributedRoute;
import dev.gatehouse.core.pipeline.EndpointTarget;
import dev.gatehouse.core.pipeline.HttpExchange;
import dev.gatehouse.core.pipeline.PolicyFailureException;
import dev.gatehouse.core.pipeline.ResponseWriter;
import dev.gatehouse.core.pipeline.RouteAttributes;
import dev.gatehouse.core.routing.MalformedPathException;
import dev.gatehouse.core.routing.PathNormalizer;
import dev.gatehouse.core.routing.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles each request of a gateway listener: normalises the path, tries plugin routes, then the
 * API endpoints in Express Gateway's dispatch order, running each matching endpoint's pipeline
 * until one answers (fall-through), and writes the answer. A WebSocket upgrade request runs the
 * same way; when its pipeline answers {@code 101} (the proxy reached the upstream WebSocket), the
 * connection becomes a {@link WebSocketTunnel}.
 *
 * <p>Once the answer is written, the request is recorded in the route's meters and the access log
 * (see {@link Observability}).
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

  /** The status of an answer that completes a WebSocket upgrade (see {@link WebSocketTunnel}). */
  private static final int SWITCHING_PROTOCOLS = 101;

  private static final Problem NOT_FOUND = Problem.of(404, "route.not_found", "Not Found");
  private static final Problem BAD_PATH = Problem.of(400, "request.bad_path", "Bad Request");
  private static final Problem TOO_LARGE =
      Problem.of(413, "request.body_too_large", "Content Too Large");
  private static final Problem INTERNAL =
      Problem.of(500, "internal.error", "Internal Server Error")
          .withDetail("The gateway failed to handle the request; the log has the details.");

  private static final String X_REQUEST_ID = "x-request-id";

  private final Supplier<CompiledGateway> gateway;
  private final Observability observability;
  private final GatewayMetrics metrics;
  private final LongAdder inFlight;

  /**
   * @param gateway the current compiled configuration; read once per request
   */
  public GatewayHandler(Supplier<CompiledGateway> gateway) {
    this(gateway, Observability.none());
  }

  /**
   * @param gateway the current compiled configuration; read once per request
   * @param observability where requests are recorded, and whether request ids are taken from
   *     clients
   */
  public GatewayHandler(Supplier<CompiledGateway> gateway, Observability observability) {
    this.gateway = gateway;
    this.observability = observability;
    this.metrics = observability.metrics();
    this.inFlight = metrics.enabled() ? metrics.inFlight() : null;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (hasBody(request)) {
      // Policies may wait before the proxy reads the body; no byte of it may be lost meanwhile.
      request.pause();
    }
    if (inFlight != null) {
      inFlight.increment();
    }
    String requestId = requestId(request);
    // Every answer names the request's id, whoever wrote it (a policy, the proxy, an error).
    HttpServerResponse response = request.response();
    response.headersEndHandler(v -> response.headers().set(X_REQUEST_ID, requestId));
    String path;
    try {
      path = PathNormalizer.normalize(request.path());
    } catch (MalformedPathException e) {
      LOG.debug("bad_path path={} error={}", request.path(), e.getMessage());
      long started = System.nanoTime();
      Response answer = Response.problem(BAD_PATH.withDetail(e.getMessage()));
      ResponseWriter.write(request, answer)
          .onComplete(written -> completed(request, null, requestId, started, answer));
      return;
    }
    CompiledGateway current = gateway.get();
    HttpExchange exchange = new HttpExchange(request, requestId, path, current.trustedProxies());
    String method = request.method().name();
    Iterator<RouteMatch<ContributedRoute>> plugin =
        current.gatewayRoutes().matches(exchange.host(), method, path);
    if (plugin.hasNext()) {
      serveRoute(exchange, plugin.next());
      return;
    }
    dispatch(exchange, current.endpoints().matches(exchange.host(), method, path));
  }

  /** A trusted, well-formed {@code X-Request-ID}, or a new id. */
  private String requestId(HttpServerRequest request) {
    if (observability.trustRequestIds()) {
      String incoming = RequestIds.accept(request.headers().get(X_REQUEST_ID));
      if (incoming != null) {
        return incoming;
      }
    }
    return RequestIds.next();
  }

  private void serveRoute(HttpExchange exchange, RouteMatch<ContributedRoute> match) {
    exchange.route(match.target().endpoint(), "", match.params());
    exchange.routeMeters(match.target().meters());
    Future<Response> answer;
    try {
      answer = match.target().handler().handle(exchange);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(
        result -> {
          if (result.succeeded()) {
            finish(exchange, result.result());
          } else {
            fail(exchange, result.cause());
          }
        });
  }

  /** Runs the pipelines of matching endpoints in order until one answers. */
  private void dispatch(HttpExchange exchange, Iterator<RouteMatch<EndpointTarget>> matches) {
    if (!matches.hasNext()) {
      finish(
          exchange,
          Response.problem(
              NOT_FOUND.withDetail(
                  "No API endpoint serves " + exchange.method() + " " + exchange.path() + ".")));
      return;
    }
    RouteMatch<EndpointTarget> match = matches.next();
    EndpointTarget target = match.target();
    if (target.pipeline() == null) {
      // EG mounts endpoints no pipeline serves and answers them 404 without falling through.
      exchange.route(target.endpoint(), GatewayMetrics.NONE, match.params());
      exchange.routeMeters(target.meters());
      finish(exchange, Response.problem(NOT_FOUND));
      return;
    }
    exchange.route(target.endpoint(), target.pipeline().name(), match.params());
    exchange.routeMeters(target.meters());
    exchange.put(RouteAttributes.MATCHED_PATTERN, target.pattern());
    target
        .pipeline()
        .run(exchange)
        .onComplete(
            result -> {
              if (result.failed()) {
                fail(exchange, result.cause());
              } else if (result.result().proceeds()) {
                dispatch(exchange, matches);
              } else {
                finish(exchange, result.result().response());
              }
            });
  }

  private void finish(HttpExchange exchange, Response response) {
    ResponseWriter.applyHooks(exchange, response)
        .onComplete(
            hooked -> {
              if (hooked.succeeded() && hooked.result().status() == SWITCHING_PROTOCOLS) {
                WebSocketTunnel.open(exchange, hooked.result());
                completed(exchange, hooked.result());
              } else if (hooked.succeeded()) {
                write(exchange, hooked.result());
              } else {
                LOG.error(
                    "response_hook_failed request_id={} pipeline={} error={}",
                    exchange.requestId(),
                    exchange.pipelineName(),
                    hooked.cause().toString(),
                    hooked.cause());
                WebSocketTunnel.release(response);
                write(exchange, Response.problem(INTERNAL));
              }
            });
  }

  private void write(HttpExchange exchange, Response response) {
    ResponseWriter.write(exchange.request(), response)
        .onComplete(written -> completed(exchange, response));
  }

  private void completed(HttpExchange exchange, Response response) {
    completed(
        exchange.request(), exchange, exchange.requestId(), exchange.startedNanos(), response);
  }

  /**
   * Records an answered request in its route's meters and the access log.
   *
   * @param exchange the request's exchange, or null when it was refused before routing
   */
  private void completed(
      HttpServerRequest request,
      HttpExchange exchange,
      String requestId,
      long startedNanos,
      Response response) {
    long elapsed = System.nanoTime() - startedNanos;
    if (inFlight != null) {
      inFlight.decrement();
      RouteMeters meters = exchange == null ? null : exchange.routeMeters();
      (meters == null ? metrics.unmatched() : meters)
          .record(request.method(), response.status(), elapsed);
    }
    if (observability.accessLog().enabled()) {
      observability.accessLog().write(entry(request, exchange, requestId, elapsed, response));
    }
  }

  private static AccessLogEntry entry(
      HttpServerRequest request,
      HttpExchange exchange,
      String requestId,
      long elapsed,
      Response response) {
    boolean routed = exchange != null && exchange.apiEndpoint() != null;
    return new AccessLogEntry(
        System.currentTimeMillis(),
        requestId,
        exchange == null ? peer(request) : exchange.clientIp(),
        request.method().name(),
        request.path(),
        response.status(),
        request.response().bytesWritten(),
        elapsed,
        exchange == null ? -1 : exchange.upstreamNanos(),
        routed ? exchange.apiEndpoint().name() : null,
        routed ? exchange.pipelineName() : null,
        exchange == null ? null : exchange.consumer().map(ConsumerIdentity::id).orElse(null),
        exchange == null ? null : exchange.deniedBy(),
        response.problem() != null ? response.problem().code() : problemCode(exchange),
        exchange == null ? null : exchange.trace().traceId(),
        exchange == null ? null : exchange.upstreamSpanId());
  }

  private static String problemCode(HttpExchange exchange) {
    return exchange == null ? null : exchange.problemCode();
  }

  private static String peer(HttpServerRequest request) {
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  private void fail(HttpExchange exchange, Throwable cause) {
    if (cause instanceof BodyTooLargeException tooLarge) {
      finish(
          exchange,
          Response.problem(
              TOO_LARGE.withDetail(
                  "The request body is larger than " + tooLarge.limit() + " bytes.")));
      return;
    }
    if (cause instanceof PolicyFailureException failure) {
      LOG.error(
          "policy_failed request_id={} pipeline={} policy={} step={} error={}",
          exchange.requestId(),
          failure.pipeline(),
          failure.policy(),
          failure.position(),
          failure.getCause().toString(),
          failure.getCause());
    } else {
      LOG.error(
          "request_failed request_id={} pipeline={} error={}",
          exchange.requestId(),
          exchange.pipelineName(),
          cause.toString(),
          cause);
    }
    finish(exchange, Response.problem(INTERNAL));
  }

  /**
   * An HTTP/1 request has a body exactly when it declares one (RFC 9112 section 6.3). An HTTP/2
   * request may carry one without a {@code Content-Length}, and whether its stream ended with the
   * headers is not known yet here, so it is always paused (the proxy finds out).
   */
  private static boolean hasBody(HttpServerRequest request) {
    return request.headers().contains(HttpHeaders.CONTENT_LENGTH)
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        || request.version() == HttpVersion.HTTP_2;
  }
}
