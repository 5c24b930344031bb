package dev.gatehouse.core.identity;

import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.model.IdentityModels;
import dev.gatehouse.core.identity.oauth2.GrantService;
import dev.gatehouse.core.identity.oauth2.OAuth2Settings;
import dev.gatehouse.core.identity.secret.Secrets;
import dev.gatehouse.core.identity.secret.SharedSecretCipher;
import dev.gatehouse.core.identity.store.IdentityStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's identity server, assembled: the store that {@code db} chooses, the manager behind
 * the Admin API and the cached service that policies use, sharing one worker for bcrypt.
 *
 * <pre>{@code
 * try (Identity identity = Identity.start(vertx, system, configDirectory)) {
 *   identity.manager().createUser(...);
 *   identity.service().findCredential("key-auth", keyId);
 * }
 * }</pre>
 */
public final class Identity implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Identity.class);

  /** Where bcrypt runs; bounded so that a flood of logins cannot take every core. */
  static final String CRYPTO_WORKER = "gatehouse-identity-crypto";

  /** How long a cached consumer or credential lives without an invalidation. */
  static final Duration CACHE_EXPIRY = Duration.ofSeconds(5);

  static final long CACHE_SIZE = 100_000;

  private final IdentityStore store;
  private final DefaultIdentityManager manager;
  private final CachedIdentityService service;
  private final WorkerExecutor crypto;
  private final GrantService grants;

  private Identity(
      IdentityStore store,
      DefaultIdentityManager manager,
      CachedIdentityService service,
      WorkerExecutor crypto,
      GrantService grants) {
    this.store = store;
    this.manager = manager;
    this.service = service;
    this.crypto = crypto;
    this.grants = grants;
  }

  /**
   * Reads the models, opens the store and assembles the rest. Blocks (never call it on an event
   * loop) until the store is open.
   *
   * @throws ConfigException for a model file or a {@code db} setting that cannot be used
   */
  public static Identity start(Vertx vertx, SystemConfig system, Path configDirectory)
      throws ConfigException {
    IdentityModels models = IdentityModels.load(configDirectory);
    OAuth2Settings oauth2 = OAuth2Settings.of(system, configDirectory);
    SystemConfig.Crypto crypto = system.crypto();
    if (crypto.defaultCipherKey()) {
      LOG.warn(
          "crypto_default_cipher_key jwt credential secrets are encrypted under Express Gateway's"
              + " published default crypto.cipherKey; set your own in system.config.yml");
    }
    Secrets secrets = new Secrets(crypto.saltRounds(), new SharedSecretCipher(crypto.cipherKey()));
    IdentityStore store = await(IdentityStores.open(vertx, system, configDirectory));
    return over(vertx, store, models, secrets, Clock.systemUTC(), oauth2, crypto.cipherKey());
  }

  /**
   * Checks the identity settings as {@link #start} would use them, without opening the store (a
   * running gateway holds it): the model files, {@code db} and the configured token signing key.
   * {@code crypto} is checked when {@code system.config.yml} is loaded.
   *
   * @throws ConfigException with every error, each naming its file, line and path
   */
  public static void check(SystemConfig system, Path configDirectory) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    try {
      IdentityModels.load(configDirectory);
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
    try {
      IdentityStores.check(system, configDirectory);
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
    try {
      OAuth2Settings.of(system, configDirectory);
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  /** Assembles the identity server over a store that is already open; it closes with it. */
  public static Identity over(
      Vertx vertx, IdentityStore store, IdentityModels models, Secrets secrets, Clock clock) {
    return over(
        vertx,
        store,
        models,
        secrets,
        clock,
        OAuth2Settings.defaults(),
        SystemConfig.Crypto.EG_DEFAULT_CIPHER_KEY);
  }

  /**
   * As {@link #over(Vertx, IdentityStore, IdentityModels, Secrets, Clock)}, with the OAuth 2.0
   * token settings and {@code crypto.cipherKey} (which Express Gateway's token secrets are
   * encrypted under).
   */
  public static Identity over(
      Vertx vertx,
      IdentityStore store,
      IdentityModels models,
      Secrets secrets,
      Clock clock,
      OAuth2Settings oauth2,
      String cipherKey) {
    WorkerExecutor crypto =
        vertx.createSharedWorkerExecutor(
            CRYPTO_WORKER, Math.max(2, Runtime.getRuntime().availableProcessors()));
    CachedIdentityService service =
        new CachedIdentityService(vertx, store, secrets, crypto, CACHE_EXPIRY, CACHE_SIZE);
    store.onRemoteChange(service::invalidate);
    GrantService grants =
        new GrantService(vertx, store.grants(), oauth2, secrets, cipherKey, clock);
    DefaultIdentityManager manager =
        new DefaultIdentityManager(
            store, models, secrets, crypto, service::invalidate, clock, grants);
    return new Identity(store, manager, service, crypto, grants);
  }

  public IdentityStore store() {
    return store;
  }

  /** The operations of the Admin API and CLI. */
  public IdentityManager manager() {
    return manager;
  }

  /** What policies use: {@code context.service(IdentityService.class)}. */
  public IdentityService service() {
    return service;
  }

  /**
   * The OAuth 2.0 state: tokens, codes, sessions and signing keys ({@code
   * context.service(OAuth2Store.class)} and {@code LocalIssuer}).
   */
  public GrantService oauth2() {
    return grants;
  }

  /** The cache behind {@link #service()}, for tests and for stores that report changes. */
  public CachedIdentityService cache() {
    return service;
  }

  /** Closes the store (committing what is pending) and the bcrypt worker. Blocks. */
  @Override
  public void close() {
    grants.close();
    try {
      store.close();
    } finally {
      crypto.close();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the identity store", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r
          ? r
          : new IllegalStateException("cannot open the identity store: " + cause, cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the identity store did not open within 60 s", e);
    }
  }
}
