package dev.gatehouse.core;

import dev.gatehouse.api.Problem;
import dev.gatehouse.core.accesslog.AccessLog;
import dev.gatehouse.core.accesslog.AccessLogSettings;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.health.HealthChecks;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.metrics.MetricsHandler;
import dev.gatehouse.core.metrics.MetricsSettings;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.LoadedPlugin;
import dev.gatehouse.core.reload.ConfigReloader;
import dev.gatehouse.core.server.ListenerOptions;
import dev.gatehouse.core.server.Observability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's observability, assembled from {@code system.config.yml}: metrics, the access log,
 * whether request ids are taken from clients, and the health checks; the routes that serve them on
 * the admin listener and on the optional metrics listener; the bookkeeping of reloads.
 */
final class Telemetry implements ConfigReloader.Listener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

  private final MetricsSettings settings;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  private final boolean trustRequestIds;
  private Vertx vertx;
  private Supplier<CompiledGateway> current;
  private long retirementGraceMillis;
  private HealthChecks health;

  private Telemetry(
      MetricsSettings settings,
      GatewayMetrics metrics,
      AccessLog accessLog,
      boolean trustRequestIds) {
    this.settings = settings;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.trustRequestIds = trustRequestIds;
  }

  /** Starts the meters and the access log writer that {@code system} configures. */
  static Telemetry start(SystemConfig system, ExtensionRegistry registry) {
    MetricsSettings settings = MetricsSettings.from(system);
    GatewayMetrics metrics = GatewayMetrics.start(settings);
    Map<String, String> plugins = new LinkedHashMap<>();
    for (LoadedPlugin plugin : registry.plugins()) {
      plugins.put(plugin.id(), plugin.version());
    }
    metrics.plugins(plugins);
    AccessLog accessLog;
    try {
      accessLog = AccessLog.start(AccessLogSettings.from(system), metrics::accessLogDropped);
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    boolean trust = system.document().root().path("requestIds").path("trustIncoming").asBoolean();
    return new Telemetry(settings, metrics, accessLog, trust);
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  /** What the gateway listeners record per request. */
  Observability observability() {
    return new Observability(metrics, accessLog, trustRequestIds);
  }

  /**
   * Starts answering health checks about {@code current} and the identity store.
   *
   * @param retirementGraceMillis how long replaced configurations may still record, after which
   *     their leftover series are dropped once more
   */
  void watch(
      Vertx vertx,
      Supplier<CompiledGateway> current,
      Supplier<Future<Void>> storePing,
      SystemConfig.Db.Store store,
      long retirementGraceMillis) {
    this.vertx = vertx;
    this.current = current;
    this.retirementGraceMillis = retirementGraceMillis;
    this.health =
        new HealthChecks(
            () -> current.get() == null ? null : current.get().pipelines().size(),
            metrics::configLoadedMillis,
            storePing,
            store.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Every listener is bound (true), or the gateway is stopping (false). */
  void serving(boolean serving) {
    health.serving(serving);
  }

  /**
   * Adds {@code GET /metrics}, {@code /health/live} and {@code /health/ready} to {@code router}.
   */
  void mount(Router router) {
    router.get("/metrics").handler(new MetricsHandler(vertx, metrics));
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
  }

  /** Binds the dedicated metrics listener when configured; returns its port, or -1. */
  Future<Integer> listen() {
    if (settings.listener().isEmpty()) {
      return Future.succeededFuture(-1);
    }
    MetricsSettings.Listener listener = settings.listener().get();
    Router router = Router.router(vertx);
    mount(router);
    router.errorHandler(
        404,
        ctx ->
            ctx.response()
                .setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Problem.of(404, "route.not_found", "Not Found").toJson().toBuffer()));
    return vertx
        .createHttpServer(ListenerOptions.http(listener.host(), listener.port()))
        .requestHandler(router)
        .listen()
        .map(HttpServer::actualPort);
  }

  @Override
  public void applied(CompiledGateway next) {
    metrics.configApplied();
    metrics.retainOnly(next.config());
    // Requests still running on the replaced configuration may register series of what the new
    // one dropped; once they are done, drop those too.
    vertx.setTimer(
        Math.max(1, retirementGraceMillis),
        id ->
            vertx.executeBlocking(
                () -> {
                  metrics.retainOnly(current.get().config());
                  return null;
                },
                false));
  }

  @Override
  public void refused() {
    metrics.configRefused();
  }

  /** Flushes the access log and releases the meters. */
  @Override
  public void close() {
    try {
      accessLog.close();
    } catch (RuntimeException e) {
      LOG.warn("access_log_close_failed error={}", e.toString());
    }
    metrics.close();
  }
}
