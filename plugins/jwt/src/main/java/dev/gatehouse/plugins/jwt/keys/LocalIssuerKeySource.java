package dev.gatehouse.plugins.jwt.keys;

import dev.gatehouse.api.oauth2.LocalIssuer;
import io.vertx.core.Future;
import java.security.Key;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The keys of the gateway's own token issuer ({@code localIssuer: true}): read in process from
 * {@link LocalIssuer#jwks()}, with no key file and no HTTP. The set is read again when it is older
 * than {@link #MAX_AGE}, and at once (at most every {@link #UNKNOWN_KEY_COOLDOWN}) when a token
 * names a key id the set lacks, so a key rotated in on any gateway of a cluster is trusted on its
 * first token.
 *
 * <p>Thread-safety: shared by every event loop; the keys are one immutable {@link KeySet} behind an
 * {@link AtomicReference}, and at most one read runs at a time.
 */
public final class LocalIssuerKeySource implements KeySource {

  /** How long a read set is used before it is read again. */
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  /** The least time between two reads caused by unknown key ids. */
  static final Duration UNKNOWN_KEY_COOLDOWN = Duration.ofSeconds(1);

  private record State(KeySet keys, long readAtNanos) {}

  private final LocalIssuer issuer;
  private final Logger log;
  private final LongSupplier nanoTime;
  private final AtomicReference<State> state = new AtomicReference<>();
  private final KeyReloads<KeySet> reloads;

  /**
   * @param nanoTime the clock ages are measured on ({@link System#nanoTime()} in production)
   */
  public LocalIssuerKeySource(LocalIssuer issuer, Logger log, LongSupplier nanoTime) {
    this.issuer = issuer;
    this.log = log;
    this.nanoTime = nanoTime;
    this.reloads = new KeyReloads<>(this::read, UNKNOWN_KEY_COOLDOWN, nanoTime);
  }

  /** The {@code iss} the gateway's tokens carry. */
  @Override
  public String issuer() {
    return issuer.issuer();
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
    if (now == null) {
      return reloads.run().transform(done -> lookup(head));
    }
    if (time - now.readAtNanos() >= MAX_AGE.toNanos()) {
      reloads.run();
    }
    Key key = now.keys().find(head);
    if (key != null) {
      return Future.succeededFuture(key);
    }
    if (!reloads.mayRunForUnknownKey()) {
      return unknown();
    }
    return reloads.run().transform(done -> lookup(head));
  }

  private Future<Key> lookup(TokenHead head) {
    State now = state.get();
    if (now == null) {
      return Future.failedFuture(
          new KeyResolutionException(
              KeyResolutionException.Kind.UNAVAILABLE, "local_issuer_unavailable"));
    }
    Key key = now.keys().find(head);
    return key != null ? Future.succeededFuture(key) : unknown();
  }

  private static Future<Key> unknown() {
    return Future.failedFuture(
        new KeyResolutionException(KeyResolutionException.Kind.UNKNOWN_KEY, "unknown_kid"));
  }

  /** One read of the issuer's published keys. */
  private Future<KeySet> read() {
    return issuer
        .jwks()
        .map(
            jwks ->
                KeySet.parse(
                    jwks.encode(),
                    (kid, reason) ->
                        log.warn("local_issuer_key_ignored kid={} reason={}", kid, reason)))
        .onSuccess(
            keys -> {
              state.set(new State(keys, nanoTime.getAsLong()));
              if (keys.size() == 0) {
                log.debug(
                    "local_issuer_no_public_key (the gateway signs with a shared secret, or has"
                        + " issued no JWT yet)");
              }
            })
        .onFailure(e -> log.warn("local_issuer_read_failed error={}", e.toString()));
  }

  @Override
  public String toString() {
    return "LocalIssuerKeySource[" + issuer.issuer() + "]";
  }
}
