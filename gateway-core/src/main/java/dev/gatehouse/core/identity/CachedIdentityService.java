package dev.gatehouse.core.identity;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.core.identity.secret.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IdentityService} that policies use on the hot path: consumers, credentials and scopes
 * read through bounded caches, so steady traffic costs no store round trip, and bcrypt checks
 * remembered briefly, so it costs no hashing either.
 *
 * <p>Freshness: every write of the {@link DefaultIdentityManager} of this gateway calls {@link
 * #invalidate(String)} once the store has acknowledged it, before the write's future completes, and
 * so do the store's reports of other gateways' changes ({@link IdentityStore#onRemoteChange});
 * entries also expire after a short time, in case a report was lost. A credential's checks are
 * remembered under its {@linkplain Credential#version() version} (which changes with its secret,
 * its state and its scopes), its id and a keyed hash of the presented secret, never the secret
 * itself: a password change or a deactivation takes effect at once, and a heap dump holds no usable
 * secret.
 *
 * <p>Thread-safety: the caches are Caffeine's (lock-free reads, shared by every event loop); a
 * future returned is completed on the caller's context.
 *
 * <pre>{@code
 * CachedIdentityService identity =
 *     new CachedIdentityService(vertx, store, secrets, cryptoWorker, Duration.ofSeconds(5), 100_000);
 * store.onRemoteChange(identity::invalidate);
 * }</pre>
 */
public final class CachedIdentityService implements IdentityService {

  private static final Logger LOG = LoggerFactory.getLogger(CachedIdentityService.class);

  /** How long a bcrypt check's outcome is remembered. */
  static final Duration VERIFIED_FOR = Duration.ofSeconds(30);

  private static final String SCOPES_KEY = "";

  private final Vertx vertx;
  private final IdentityStore store;
  private final Secrets secrets;
  private final WorkerExecutor crypto;

  /** Consumers by id, users' and applications' alike. */
  private final AsyncCache<String, Optional<Consumer>> consumers;

  /** User ids by username. */
  private final AsyncCache<String, Optional<String>> usernames;

  /** Credentials by {@code type id}, with their stored form. */
  private final AsyncCache<String, Optional<Known>> credentials;

  private final AsyncCache<String, Set<String>> scopes;

  /** bcrypt outcomes by {@code type id version fingerprint}. */
  private final AsyncCache<String, Boolean> verified;

  /** bcrypt checks run so far (a cache miss each). */
  private final AtomicLong slowChecks = new AtomicLong();

  /**
   * HMAC-SHA256 under a random key per gateway, so a fingerprint of a secret cannot be tried
   * offline; one {@link Mac} per thread, as a Mac is not thread-safe and costly to make.
   */
  private final ThreadLocal<Mac> fingerprints;

  /** A credential as stored, with the view policies get. */
  private record Known(CredentialRecord record, Credential credential) {}

  /**
   * @param crypto where bcrypt checks run (never an event loop)
   * @param expiry how long an entry lives without an invalidation (a backstop, a few seconds)
   * @param maximumSize entries per cache; the least used go first
   */
  public CachedIdentityService(
      Vertx vertx,
      IdentityStore store,
      Secrets secrets,
      WorkerExecutor crypto,
      Duration expiry,
      long maximumSize) {
    this.vertx = vertx;
    this.store = store;
    this.secrets = secrets;
    this.crypto = crypto;
    this.consumers = cache(expiry, maximumSize);
    this.usernames = cache(expiry, maximumSize);
    this.credentials = cache(expiry, maximumSize);
    this.scopes = cache(expiry, 1);
    this.verified = cache(VERIFIED_FOR, maximumSize);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretKeySpec fingerprintKey = new SecretKeySpec(key, "HmacSHA256");
    this.fingerprints = ThreadLocal.withInitial(() -> hmac(fingerprintKey));
  }

  private static Mac hmac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable in this Java runtime", e);
    }
  }

  private static <V> AsyncCache<String, V> cache(Duration expiry, long maximumSize) {
    // Maintenance runs on the calling thread: no hop to the common pool on the hot path.
    return Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterWrite(expiry)
        .executor(Runnable::run)
        .buildAsync();
  }

  // --- lookups

  @Override
  public Future<Optional<Consumer>> findConsumerById(String id) {
    return cached(consumers, id, () -> loadConsumer(id));
  }

  private Future<Optional<Consumer>> loadConsumer(String id) {
    return store
        .app(id)
        .compose(
            app ->
                app.isPresent()
                    ? Future.succeededFuture(app.map(CachedIdentityService::consumer))
                    : store.user(id).map(user -> user.map(CachedIdentityService::consumer)));
  }

  @Override
  public Future<Optional<Consumer>> findConsumer(String idOrName) {
    return findConsumerById(idOrName)
        .compose(
            byId ->
                byId.isPresent()
                    ? Future.succeededFuture(byId)
                    : cached(
                            usernames,
                            idOrName,
                            () -> store.userByName(idOrName).map(u -> u.map(UserRecord::id)))
                        .compose(
                            id ->
                                id.isPresent()
                                    ? findConsumerById(id.get())
                                    : Future.succeededFuture(Optional.empty())));
  }

  @Override
  public Future<Optional<Credential>> findCredential(String type, String id) {
    return known(type, id).map(found -> found.map(Known::credential));
  }

  private Future<Optional<Known>> known(String type, String id) {
    return cached(
        credentials,
        type + " " + id,
        () -> store.credential(type, id).map(found -> found.map(CachedIdentityService::known)));
  }

  @Override
  public Future<Set<String>> scopes() {
    return cached(scopes, SCOPES_KEY, store::scopes);
  }

  // --- secrets

  /**
   * Checks against the credential as it is now (not as the caller last saw it): a deactivated or
   * deleted credential is refused, a changed secret is the one checked.
   */
  @Override
  public Future<Boolean> verifySecret(Credential credential, String presented) {
    if (presented == null) {
      return Future.succeededFuture(false);
    }
    return known(credential.type(), credential.id())
        .compose(
            found -> {
              if (found.isEmpty() || !found.get().credential().active()) {
                return Future.succeededFuture(false);
              }
              CredentialRecord record = found.get().record();
              if (!secrets.slow(record.secret())) {
                return Future.succeededFuture(verifyNow(record, presented));
              }
              String key =
                  record.type()
                      + " "
                      + record.id()
                      + " "
                      + found.get().credential().version()
                      + " "
                      + fingerprint(presented);
              return cached(
                  verified,
                  key,
                  () ->
                      crypto.executeBlocking(
                          () -> {
                            slowChecks.incrementAndGet();
                            return secrets.verify(record.id(), record.secret(), presented);
                          },
                          false));
            });
  }

  /** A digest or a decryption: microseconds, cheaper than a hop to a worker. */
  private boolean verifyNow(CredentialRecord record, String presented) {
    try {
      return secrets.verify(record.id(), record.secret(), presented);
    } catch (IllegalStateException e) {
      LOG.warn(
          "credential_secret_unreadable type={} id={} error={}",
          record.type(),
          record.id(),
          e.getMessage());
      return false;
    }
  }

  @Override
  public Future<Optional<String>> sharedSecret(Credential credential) {
    if (!Credential.JWT.equals(credential.type())) {
      return Future.succeededFuture(Optional.empty());
    }
    return known(credential.type(), credential.id())
        .map(
            found ->
                found
                    .filter(k -> k.credential().active())
                    .flatMap(k -> secrets.reveal(k.record().id(), k.record().secret())));
  }

  /** How many bcrypt checks this service has run: steady traffic should not add to it. */
  long slowChecks() {
    return slowChecks.get();
  }

  // --- freshness

  /**
   * Drops what a change (named as in {@link IdentityChanges}) may have made stale; an unknown name
   * drops everything.
   */
  public void invalidate(String change) {
    if (change.startsWith(IdentityChanges.USER)) {
      // A user's change may be its creation or deletion, and the report may not name its
      // username: forget which names resolve to which ids, a cheap lookup to redo.
      consumers.synchronous().invalidate(change.substring(IdentityChanges.USER.length()));
      usernames.synchronous().invalidateAll();
    } else if (change.startsWith(IdentityChanges.APP)) {
      consumers.synchronous().invalidate(change.substring(IdentityChanges.APP.length()));
    } else if (change.startsWith(IdentityChanges.USERNAME)) {
      usernames.synchronous().invalidate(change.substring(IdentityChanges.USERNAME.length()));
    } else if (change.startsWith(IdentityChanges.CREDENTIAL)) {
      String typeAndId = change.substring(IdentityChanges.CREDENTIAL.length());
      int colon = typeAndId.indexOf(':');
      if (colon < 0) {
        credentials.synchronous().invalidateAll();
      } else {
        credentials
            .synchronous()
            .invalidate(typeAndId.substring(0, colon) + " " + typeAndId.substring(colon + 1));
      }
    } else if (change.equals(IdentityChanges.CREDENTIALS)) {
      credentials.synchronous().invalidateAll();
    } else if (change.equals(IdentityChanges.SCOPES)) {
      scopes.synchronous().invalidateAll();
    } else if (change.startsWith(IdentityChanges.SCOPE)) {
      scopes.synchronous().invalidateAll();
      credentials.synchronous().invalidateAll();
    } else {
      consumers.synchronous().invalidateAll();
      usernames.synchronous().invalidateAll();
      credentials.synchronous().invalidateAll();
      scopes.synchronous().invalidateAll();
    }
  }

  // --- views

  private static Consumer consumer(UserRecord user) {
    return new Consumer(
        user.id(),
        Consumer.USER,
        user.username(),
        null,
        user.active(),
        IdentityViews.user(user).getMap());
  }

  private static Consumer consumer(AppRecord app) {
    return new Consumer(
        app.id(),
        Consumer.APPLICATION,
        app.name(),
        app.userId(),
        app.active(),
        IdentityViews.app(app).getMap());
  }

  private static Known known(CredentialRecord record) {
    return new Known(
        record,
        new Credential(
            record.type(),
            record.id(),
            record.consumerId(),
            record.active(),
            record.scopes(),
            version(record)));
  }

  /** Changes whenever the secret, the state, the scopes or the dates of the credential change. */
  static String version(CredentialRecord record) {
    String state =
        String.join(
            "\n",
            record.type(),
            record.id(),
            record.consumerId(),
            Boolean.toString(record.active()),
            String.join(",", record.scopes().stream().sorted().toList()),
            String.valueOf(record.secret()),
            String.valueOf(record.createdAt()),
            String.valueOf(record.updatedAt()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this Java runtime", e);
    }
  }

  /** A keyed hash of a presented secret: what the remembered checks are keyed on. */
  private String fingerprint(String presented) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(fingerprints.get().doFinal(presented.getBytes(StandardCharsets.UTF_8)));
  }

  // --- plumbing

  /**
   * The cached value, loading it once however many ask at the same time; a failed load is not
   * remembered. A value already there is handed back at once, on the caller's thread.
   */
  private <V> Future<V> cached(AsyncCache<String, V> cache, String key, Supplier<Future<V>> load) {
    CompletableFuture<V> value =
        cache.get(key, (k, executor) -> load.get().toCompletionStage().toCompletableFuture());
    if (value.isDone() && !value.isCompletedExceptionally()) {
      return Future.succeededFuture(value.join());
    }
    return Future.fromCompletionStage(value, vertx.getOrCreateContext());
  }
}
