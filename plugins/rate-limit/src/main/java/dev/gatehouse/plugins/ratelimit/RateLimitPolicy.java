package dev.gatehouse.plugins.ratelimit;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.ResponseHook;
import dev.gatehouse.api.template.RequestTemplate;
import dev.gatehouse.api.template.TemplateException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * One {@code rate-limit} step: finds the request's key, asks the counter store, and lets the
 * request go on (maybe after a delay), or answers it with the configured status as problem+json.
 * Counted requests carry the rate-limit headers on their response, whoever answers it.
 */
final class RateLimitPolicy implements Policy {

  /** The counter of decisions, tagged {@code store} and {@code decision}. */
  static final String DECISIONS = "gatehouse_ratelimit_decisions_total";

  /** What a request whose {@code rateLimitBy} fails is counted under, as in Express Gateway. */
  static final String UNDEFINED_KEY = "undefined";

  /** Longer keys (a header an attacker chose) are counted under their digest. */
  static final int MAX_KEY_LENGTH = 128;

  private static final Problem UNAVAILABLE =
      Problem.of(503, "ratelimit.unavailable", "Service Unavailable")
          .withDetail("The rate limit cannot be checked right now.");

  private final Limit limit;
  private final RequestTemplate keyTemplate;
  private final CounterStore store;
  private final Clock clock;
  private final Vertx vertx;
  private final Logger log;
  private final RateLimitConfig config;
  private final RateLimitHeaders headers;
  private final Problem rejection;
  private final boolean denyOnStoreError;
  private final boolean refunds;
  private final AtomicBoolean storeReachable = new AtomicBoolean(true);
  private final Counter allowed;
  private final Counter delayed;
  private final Counter rejected;
  private final Counter storeErrorAllowed;
  private final Counter storeErrorDenied;

  RateLimitPolicy(
      RateLimitConfig config,
      Limit limit,
      RequestTemplate keyTemplate,
      CounterStore store,
      Clock clock,
      Vertx vertx,
      MeterRegistry meters,
      Logger log) {
    this.config = config;
    this.limit = limit;
    this.keyTemplate = keyTemplate;
    this.store = store;
    this.clock = clock;
    this.vertx = vertx;
    this.log = log;
    this.headers =
        new RateLimitHeaders(
            config.bucket() == null ? "default" : config.bucket(), config.max(), config.windowMs());
    this.rejection =
        Problem.of(
                config.statusCode(),
                "ratelimit.exceeded",
                HttpResponseStatus.valueOf(config.statusCode()).reasonPhrase())
            .withDetail(config.message());
    this.denyOnStoreError = "deny".equals(config.onStoreError());
    this.refunds = config.skipFailedRequests() || config.skipSuccessfulRequests();
    this.allowed = counter(meters, store, "allowed");
    this.delayed = counter(meters, store, "delayed");
    this.rejected = counter(meters, store, "rejected");
    this.storeErrorAllowed = counter(meters, store, "store_error_allowed");
    this.storeErrorDenied = counter(meters, store, "store_error_denied");
  }

  private static Counter counter(MeterRegistry meters, CounterStore store, String decision) {
    return Counter.builder(DECISIONS)
        .description("Rate-limit decisions")
        .tag("store", store.kind())
        .tag("decision", decision)
        .register(meters);
  }

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    if (config.max() == 0) {
      return Outcome.proceed();
    }
    String key = key(exchange);
    long now = clock.millis();
    Future<Decision> decision = store.hit(limit, key, now);
    if (decision.isComplete()) {
      return decide(exchange, key, now, decision);
    }
    return decision.transform(result -> decide(exchange, key, now, result));
  }

  /** The request's key: {@code rateLimitBy} rendered, or the client's address. */
  String key(Exchange exchange) {
    String key;
    if (keyTemplate == null) {
      key = exchange.clientIp();
    } else {
      try {
        key = keyTemplate.render(exchange);
      } catch (TemplateException e) {
        log.debug(
            "ratelimit_key_failed request_id={} key={} error={}",
            exchange.requestId(),
            UNDEFINED_KEY,
            e.getMessage());
        key = UNDEFINED_KEY;
      }
    }
    if (key == null) {
      return UNDEFINED_KEY;
    }
    return key.length() <= MAX_KEY_LENGTH ? key : digest(key);
  }

  private Future<Outcome> decide(
      Exchange exchange, String key, long now, AsyncResult<Decision> result) {
    if (result.failed()) {
      return storeFailed(exchange, result.cause());
    }
    if (!storeReachable.get() && storeReachable.compareAndSet(false, true)) {
      log.info("ratelimit_store_recovered store={}", store.kind());
    }
    Decision decision = result.result();
    if (!decision.allowed()) {
      rejected.increment();
      Response response = Response.problem(rejection);
      if (config.headers()) {
        headers.write(response.headers(), decision, now);
      }
      RateLimitHeaders.retryAfter(response.headers(), decision.retryAfterMs());
      return Outcome.respond(response);
    }
    if (config.headers() || refunds) {
      exchange.onResponse(new CountedResponse(key, decision, now));
    }
    long delay = delay(decision);
    if (delay <= 0) {
      allowed.increment();
      return Outcome.proceed();
    }
    delayed.increment();
    Promise<Outcome> later = Promise.promise();
    vertx.setTimer(delay, id -> later.complete(Outcome.CONTINUE));
    return later.future();
  }

  /** Express Gateway's slow-down: {@code (used − delayAfter) × delayMs} past {@code delayAfter}. */
  private long delay(Decision decision) {
    if (config.delayAfter() <= 0 || decision.used() <= config.delayAfter()) {
      return 0;
    }
    return (decision.used() - config.delayAfter()) * config.delayMs();
  }

  private Future<Outcome> storeFailed(Exchange exchange, Throwable cause) {
    String action = denyOnStoreError ? "deny" : "allow";
    if (storeReachable.compareAndSet(true, false)) {
      log.warn(
          "ratelimit_store_unreachable store={} on_store_error={} request_id={} error={}",
          store.kind(),
          action,
          exchange.requestId(),
          cause.toString());
    } else {
      log.debug(
          "ratelimit_store_error store={} on_store_error={} request_id={} error={}",
          store.kind(),
          action,
          exchange.requestId(),
          cause.toString());
    }
    if (!denyOnStoreError) {
      storeErrorAllowed.increment();
      return Outcome.proceed();
    }
    storeErrorDenied.increment();
    Response response = Response.problem(UNAVAILABLE);
    RateLimitHeaders.retryAfter(response.headers(), 1000);
    return Outcome.respond(response);
  }

  private static String digest(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /**
   * The response work of a counted request: its headers, and giving the request back when its
   * status is one the step skips.
   */
  private final class CountedResponse implements ResponseHook {
    private final String key;
    private final Decision decision;
    private final long now;

    CountedResponse(String key, Decision decision, long now) {
      this.key = key;
      this.decision = decision;
      this.now = now;
    }

    @Override
    public Future<Response> apply(Response response) {
      if (config.headers()) {
        headers.write(response.headers(), decision, now);
      }
      if (skipped(response.status())) {
        store
            .refund(limit, key, decision.generation(), clock.millis())
            .onFailure(
                e ->
                    log.debug(
                        "ratelimit_refund_failed store={} error={}", store.kind(), e.toString()));
      }
      return Future.succeededFuture(response);
    }

    private boolean skipped(int status) {
      return status >= 400 ? config.skipFailedRequests() : config.skipSuccessfulRequests();
    }
  }
}
