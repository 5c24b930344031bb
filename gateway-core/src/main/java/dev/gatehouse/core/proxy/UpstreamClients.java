package dev.gatehouse.core.proxy;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.tracing.TracingPolicy;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP clients the proxy sends upstream requests with: one per event loop, so a request and its
 * upstream connection stay on one thread and pooled keep-alive connections are never handed across
 * loops. TLS settings travel with each request, so one client serves every upstream.
 *
 * <p>Shared across configuration reloads; thread-safe (a concurrent map from event-loop thread to
 * client; each client is only used from its own thread).
 */
public final class UpstreamClients implements AutoCloseable {

  /** Connections kept per upstream host and port, per event loop. */
  static final int MAX_CONNECTIONS_PER_LOOP = 512;

  private final Vertx vertx;
  private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();

  public UpstreamClients(Vertx vertx) {
    this.vertx = vertx;
    prepareResolvers(vertx);
  }

  /**
   * Builds each event loop's DNS resolver now, on the starting thread. Netty builds it when a loop
   * opens its first connection (loading its classes, reading the system's resolver configuration,
   * opening a datagram channel), which held the event loop of the first proxied request for
   * hundreds of milliseconds on a busy machine.
   */
  private static void prepareResolvers(Vertx vertx) {
    if (!(vertx instanceof VertxInternal internal)) {
      return;
    }
    AddressResolverGroup<InetSocketAddress> resolvers =
        internal.nameResolver().nettyAddressResolverGroup();
    for (EventExecutor loop : internal.eventLoopGroup()) {
      resolvers.getResolver(loop);
    }
  }

  /** The client of the calling event loop, created on first use. */
  HttpClient current() {
    return clients.computeIfAbsent(Thread.currentThread(), t -> create());
  }

  private HttpClient create() {
    HttpClientOptions options =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setKeepAliveTimeout(60)
            .setPipelining(false)
            .setTcpNoDelay(true)
            .setDecompressionSupported(false)
            .setConnectTimeout((int) ProxySettings.DEFAULT_CONNECT_TIMEOUT)
            .setTracingPolicy(TracingPolicy.IGNORE)
            .setName("gatehouse-upstream");
    PoolOptions pool =
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_LOOP).setMaxWaitQueueSize(10_000);
    return vertx.createHttpClient(options, pool);
  }

  @Override
  public void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
  }
}
