package dev.gatehouse.core.health;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} and {@code GET /health/ready}.
 *
 * <p>Live answers 200 while the process serves at all. Ready answers 200 when every check is up and
 * 503 otherwise, with a JSON body of the checks: {@code config} (a configuration is loaded and
 * serving), {@code listeners} (every listener is bound, and the gateway is not stopping) and {@code
 * identity} (the identity store answers a ping within {@link #STORE_TIMEOUT_MILLIS}).
 *
 * <pre>{@code
 * {"status":"UP","checks":{
 *   "config":{"status":"UP","loadedAt":"2025-01-01T10:00:00Z","pipelines":3},
 *   "listeners":{"status":"UP"},
 *   "identity":{"status":"UP","store":"embedded"}}}
 * }</pre>
 */
public final class HealthChecks {

  /** How long the identity store may take to answer its ping. */
  static final long STORE_TIMEOUT_MILLIS = 2000;

  private static final String UP = "UP";
  private static final String DOWN = "DOWN";

  private final Supplier<Integer> pipelines;
  private final LongSupplier configLoadedMillis;
  private final Supplier<Future<Void>> storePing;
  private final String storeKind;
  private volatile boolean serving;

  /**
   * @param pipelines the number of pipelines of the running configuration, null before one is
   *     loaded
   * @param configLoadedMillis when the running configuration was loaded
   * @param storePing pings the identity store
   * @param storeKind the kind of store, for the body ({@code embedded}, {@code redis}…)
   */
  public HealthChecks(
      Supplier<Integer> pipelines,
      LongSupplier configLoadedMillis,
      Supplier<Future<Void>> storePing,
      String storeKind) {
    this.pipelines = pipelines;
    this.configLoadedMillis = configLoadedMillis;
    this.storePing = storePing;
    this.storeKind = storeKind;
  }

  /** Every listener is bound (true), or the gateway is stopping (false). */
  public void serving(boolean serving) {
    this.serving = serving;
  }

  /** Answers {@code GET /health/live}. */
  public void live(RoutingContext ctx) {
    send(ctx, 200, new JsonObject().put("status", UP));
  }

  /** Answers {@code GET /health/ready}. */
  public void ready(RoutingContext ctx) {
    readiness().onComplete(checked -> send(ctx, status(checked.result()), checked.result()));
  }

  /** The readiness body; never fails. */
  public Future<JsonObject> readiness() {
    JsonObject config = config();
    JsonObject listeners = new JsonObject().put("status", serving ? UP : DOWN);
    return identity()
        .map(
            identity -> {
              JsonObject checks =
                  new JsonObject()
                      .put("config", config)
                      .put("listeners", listeners)
                      .put("identity", identity);
              boolean up =
                  checks.stream()
                      .allMatch(c -> UP.equals(((JsonObject) c.getValue()).getString("status")));
              return new JsonObject().put("status", up ? UP : DOWN).put("checks", checks);
            });
  }

  private JsonObject config() {
    Integer count = pipelines.get();
    if (count == null) {
      return new JsonObject().put("status", DOWN);
    }
    return new JsonObject()
        .put("status", UP)
        .put("loadedAt", Instant.ofEpochMilli(configLoadedMillis.getAsLong()).toString())
        .put("pipelines", count);
  }

  private Future<JsonObject> identity() {
    JsonObject check = new JsonObject().put("store", storeKind);
    Future<Void> ping;
    try {
      ping = storePing.get();
    } catch (RuntimeException e) {
      ping = Future.failedFuture(e);
    }
    return ping.timeout(STORE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .map(ok -> check.put("status", UP))
        .otherwise(failure -> check.put("status", DOWN).put("error", reason(failure)));
  }

  private static String reason(Throwable failure) {
    if (failure instanceof java.util.concurrent.TimeoutException) {
      return "no answer within " + STORE_TIMEOUT_MILLIS + " ms";
    }
    return failure.getMessage() == null ? failure.toString() : failure.getMessage();
  }

  private static int status(JsonObject body) {
    return UP.equals(body.getString("status")) ? 200 : 503;
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toBuffer());
  }
}
