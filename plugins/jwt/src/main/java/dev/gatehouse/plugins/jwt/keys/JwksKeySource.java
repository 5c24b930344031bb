package dev.gatehouse.plugins.jwt.keys;

import dev.gatehouse.api.BodyCollector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * An issuer's JWKS, fetched with the Vert.x HTTP client (never blocking) and kept as long as its
 * {@code Cache-Control} says, within the configured bounds.
 *
 * <ul>
 *   <li>The first fetch starts when the step compiles; tokens that arrive before it completes wait
 *       for it.
 *   <li>An expired document is refreshed in the background (conditionally, with {@code ETag} and
 *       {@code Last-Modified}); tokens go on being checked with the keys at hand meanwhile.
 *   <li>A token whose {@code kid} is unknown causes one refresh, at most once per cooldown, so a
 *       key the issuer just rotated in is picked up on its first use and a flood of made-up key ids
 *       costs one fetch.
 *   <li>A failed refresh keeps the last good keys, logs {@code jwks_refresh_failed} and counts
 *       {@code gatehouse_jwks_refreshes_total{result="failure"}}; it is retried after the minimum
 *       cache time.
 * </ul>
 *
 * <p>Thread-safety: shared by every event loop; the state is one immutable snapshot behind an
 * {@link AtomicReference}, and at most one fetch runs at a time.
 */
public final class JwksKeySource implements KeySource {

  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])(?:s-)?max-age=(\\d+)");
  private static final Pattern NO_CACHE = Pattern.compile("(?:^|[,\\s])no-(?:cache|store)");

  /** What is known now: the keys, when to fetch again, and the validators of the last answer. */
  private record State(
      KeySet keys, boolean loaded, long refreshAtNanos, String etag, String lastModified) {}

  private final JwksSettings settings;
  private final HttpClientAgent client;
  private final Logger log;
  private final LongSupplier nanoTime;
  private final Counter succeeded;
  private final Counter notModified;
  private final Counter failed;
  private final AtomicReference<State> state;
  private final KeyReloads<KeySet> reloads;

  /**
   * @param nanoTime the clock deadlines are measured on ({@link System#nanoTime()} in production)
   */
  public JwksKeySource(
      JwksSettings settings, Vertx vertx, MeterRegistry meters, Logger log, LongSupplier nanoTime) {
    this.settings = settings;
    this.log = log;
    this.nanoTime = nanoTime;
    int timeout = (int) settings.timeout().toMillis();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTrustAll(false)
                .setVerifyHost(true));
    this.succeeded = counter(meters, "success");
    this.notModified = counter(meters, "not_modified");
    this.failed = counter(meters, "failure");
    this.state =
        new AtomicReference<>(new State(KeySet.EMPTY, false, nanoTime.getAsLong(), null, null));
    this.reloads = new KeyReloads<>(this::fetch, settings.refreshCooldown(), nanoTime);
  }

  private static Counter counter(MeterRegistry meters, String result) {
    return Counter.builder("gatehouse_jwks_refreshes_total")
        .description("JWKS fetches of jwt steps, by result")
        .tag("result", result)
        .register(meters);
  }

  /** Starts the first fetch; tokens that arrive before it ends wait for it. */
  public JwksKeySource start() {
    reloads.run();
    return this;
  }

  @Override
  public Set<String> defaultAlgorithms() {
    return Algorithms.ASYMMETRIC;
  }

  @Override
  public Set<String> possibleAlgorithms() {
    return Algorithms.ASYMMETRIC;
  }

  @Override
  public Future<Key> keyFor(TokenHead head) {
    State now = state.get();
    long time = nanoTime.getAsLong();
    if (!now.loaded()) {
      Future<KeySet> pending = time - now.refreshAtNanos() >= 0 ? reloads.run() : reloads.running();
      return pending == null
          ? unavailable()
          : pending.transform(done -> lookup(head, done.succeeded()));
    }
    if (time - now.refreshAtNanos() >= 0) {
      reloads.run();
    }
    Key key = now.keys().find(head);
    if (key != null) {
      return Future.succeededFuture(key);
    }
    Future<KeySet> running = reloads.running();
    if (running == null && reloads.mayRunForUnknownKey()) {
      running = reloads.run();
    }
    return running == null ? unknown() : running.transform(done -> lookup(head, true));
  }

  private Future<Key> lookup(TokenHead head, boolean fetched) {
    State now = state.get();
    if (!now.loaded()) {
      return fetched ? unknown() : unavailable();
    }
    Key key = now.keys().find(head);
    return key != null ? Future.succeededFuture(key) : unknown();
  }

  private static Future<Key> unknown() {
    return Future.failedFuture(
        new KeyResolutionException(KeyResolutionException.Kind.UNKNOWN_KEY, "unknown_kid"));
  }

  private static Future<Key> unavailable() {
    return Future.failedFuture(
        new KeyResolutionException(KeyResolutionException.Kind.UNAVAILABLE, "jwks_unavailable"));
  }

  private Future<KeySet> fetch() {
    State before = state.get();
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(settings.uri().toString())
            .putHeader("accept", "application/json, application/jwk-set+json");
    if (before.etag() != null) {
      request.putHeader("if-none-match", before.etag());
    }
    if (before.lastModified() != null) {
      request.putHeader("if-modified-since", before.lastModified());
    }
    Future<KeySet> fetched;
    try {
      fetched =
          client
              .request(request)
              .compose(outgoing -> outgoing.send())
              .compose(response -> read(before, response))
              .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      fetched = Future.failedFuture(e);
    }
    return fetched.onFailure(this::failed);
  }

  private Future<KeySet> read(State before, HttpClientResponse response) {
    String etag = response.getHeader("etag");
    String lastModified = response.getHeader("last-modified");
    Duration cacheFor = settings.cacheFor(maxAge(response.getHeader("cache-control")));
    if (response.statusCode() == 304 && before.loaded()) {
      response.end();
      remember(before.keys(), cacheFor, etag == null ? before.etag() : etag, lastModified);
      notModified.increment();
      log.debug("jwks_not_modified uri={} cache_seconds={}", settings.uri(), cacheFor.toSeconds());
      return Future.succeededFuture(before.keys());
    }
    if (response.statusCode() != 200) {
      response.end();
      return Future.failedFuture(
          new IllegalStateException("the JWKS answered status " + response.statusCode()));
    }
    return BodyCollector.collect(response, JwksSettings.MAX_DOCUMENT_BYTES)
        .map(
            body -> {
              KeySet keys =
                  KeySet.parse(
                      body.toString(StandardCharsets.UTF_8),
                      (kid, reason) ->
                          log.warn(
                              "jwks_key_ignored uri={} kid={} reason={}",
                              settings.uri(),
                              kid,
                              reason));
              remember(keys, cacheFor, etag, lastModified);
              succeeded.increment();
              log.info(
                  "jwks_refreshed uri={} keys={} cache_seconds={}",
                  settings.uri(),
                  keys.size(),
                  cacheFor.toSeconds());
              return keys;
            });
  }

  private void remember(KeySet keys, Duration cacheFor, String etag, String lastModified) {
    state.set(new State(keys, true, nanoTime.getAsLong() + cacheFor.toNanos(), etag, lastModified));
  }

  /** Keeps what is known and tries again after the retry delay. */
  private void failed(Throwable error) {
    failed.increment();
    State before = state.get();
    state.set(
        new State(
            before.keys(),
            before.loaded(),
            nanoTime.getAsLong() + settings.retryAfterFailure().toNanos(),
            before.etag(),
            before.lastModified()));
    log.warn(
        "jwks_refresh_failed uri={} error={} keys_kept={} retry_seconds={}",
        settings.uri(),
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage(),
        before.keys().size(),
        settings.retryAfterFailure().toSeconds());
  }

  static Long maxAge(String cacheControl) {
    if (cacheControl == null) {
      return null;
    }
    if (NO_CACHE.matcher(cacheControl).find()) {
      return 0L;
    }
    Matcher maxAge = MAX_AGE.matcher(cacheControl);
    if (!maxAge.find()) {
      return null;
    }
    try {
      return Long.parseLong(maxAge.group(1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE / 1_000_000_000L;
    }
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "JwksKeySource[" + settings.uri() + "]";
  }
}
