package dev.gatehouse.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * One request on its way through a pipeline, as policies and conditions see it.
 *
 * <p>An exchange lives on the event loop of its connection: read and change it only from that loop
 * (policy code runs there). Changes to {@link #headers()}, {@link #setPath(String)} and the body
 * are what the upstream receives.
 *
 * <pre>{@code
 * Policy policy = exchange -> {
 *   String tenant = exchange.headers().get("x-tenant");
 *   if (tenant == null) {
 *     return Outcome.deny(Problem.of(400, "tenant.missing", "Bad Request"));
 *   }
 *   exchange.put(TENANT, tenant);
 *   return Outcome.proceed();
 * };
 * }</pre>
 */
public interface Exchange {

  /** The request id: taken from a trusted {@code X-Request-ID} or generated; sent upstream. */
  String requestId();

  /** The request method. */
  HttpMethod method();

  /** The request target as received, path and query, e.g. {@code /a/b%2Fc?x=1}. */
  String uri();

  /** The path as received, before normalisation. */
  String rawPath();

  /**
   * The normalised path the request was routed on: percent-encoded unreserved characters decoded,
   * dot segments removed, repeated slashes collapsed; {@code %2F} stays encoded. This is also the
   * path the proxy sends upstream unless a policy changes it.
   */
  String path();

  /** Replaces the path sent upstream (a rewrite); it must start with {@code /}. */
  void setPath(String path);

  /** The raw query string without {@code ?}, or {@code null} when the request has none. */
  String query();

  /** The decoded query parameters. */
  MultiMap queryParams();

  /** The request headers; changes are sent upstream. */
  MultiMap headers();

  /** The host name the client addressed, lower-case and without port, or {@code null}. */
  String host();

  /** {@code http} or {@code https}, as the client spoke to the gateway. */
  String scheme();

  /** The address of the peer that connected to the gateway (a client or a proxy in front). */
  SocketAddress remoteAddress();

  /**
   * The client's IP address: the peer's, unless the peer is a trusted proxy ({@code
   * http.trustedProxies}), in which case the address it forwarded ({@code X-Forwarded-For} or
   * {@code Forwarded}). Use this, not {@link #remoteAddress()}, to identify clients.
   */
  String clientIp();

  /** The TLS session with the client, or {@code null} on a plain connection. */
  SSLSession sslSession();

  /** Parameters captured by the matched path pattern, e.g. {@code id} of {@code /users/:id}. */
  Map<String, String> pathParams();

  /** The API endpoint that matched the request. */
  ApiEndpoint apiEndpoint();

  /** The name of the pipeline running the request. */
  String pipelineName();

  /** The consumer an authentication policy established, if any. */
  Optional<ConsumerIdentity> consumer();

  /**
   * Records who made the request. Later policies, conditions ({@code authenticated}) and the proxy
   * ({@code eg-consumer-id}) see it.
   */
  void authenticate(ConsumerIdentity consumer);

  /** The value stored under {@code key}, or {@code null}. */
  <T> T get(AttributeKey<T> key);

  /** Stores a value for later steps of the same request. */
  <T> void put(AttributeKey<T> key, T value);

  /**
   * Reads the request body into memory, at most {@code maxBytes}, and keeps it: the upstream still
   * receives it. Fails with {@link BodyTooLargeException} (answered with 413) when it is larger.
   * Calling it again returns the same body.
   */
  Future<Buffer> bufferBody(long maxBytes);

  /** The body buffered by {@link #bufferBody(long)} or set by {@link #setBody(Buffer)}, or null. */
  Buffer body();

  /** Replaces the request body sent upstream; {@code Content-Length} is set to match. */
  void setBody(Buffer body);

  /**
   * The request body as a paused stream, for policies that forward it (the proxy). It is {@code
   * null} when the body was buffered or replaced (use {@link #body()}); it can be consumed once.
   */
  ReadStream<Buffer> bodyStream();

  /**
   * Registers work on the response. Hooks run after the pipeline has an answer (from a policy or
   * the upstream), in reverse order of registration, before the response is written.
   */
  void onResponse(ResponseHook hook);
}
