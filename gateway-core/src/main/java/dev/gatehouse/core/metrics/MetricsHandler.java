package dev.gatehouse.core.metrics;

import dev.gatehouse.api.Problem;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus exposition, text 0.0.4 or OpenMetrics as the scraper's
 * {@code Accept} prefers. The exposition is written on a worker (its cost grows with the number of
 * series); with metrics off the answer is a 404 problem.
 */
public final class MetricsHandler implements Handler<RoutingContext> {

  private static final Problem DISABLED =
      Problem.of(404, "metrics.disabled", "Not Found")
          .withDetail("Metrics are turned off (system.config.yml metrics.enabled).");

  private final Vertx vertx;
  private final GatewayMetrics metrics;

  public MetricsHandler(Vertx vertx, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    if (!metrics.enabled()) {
      ctx.response()
          .setStatusCode(404)
          .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
          .end(DISABLED.toJson().toBuffer());
      return;
    }
    ExpositionFormat format =
        ExpositionFormat.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT));
    vertx
        .executeBlocking(() -> metrics.scrape(format), false)
        .onSuccess(
            body ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(body))
        .onFailure(ctx::fail);
  }
}
