package dev.gatehouse.core.identity.store;

import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.GrantStore;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.Page;
import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity store on {@link Table}s of an MVStore, with every operation, read or write, run in
 * turn on one worker thread ({@value #WORKER}). One thread makes each operation atomic with respect
 * to every other, so checking an invariant and writing are never interleaved with another writer;
 * and it keeps all file I/O off the event loops. A write is committed (and, for a file, synced)
 * before its future completes; a write that fails is rolled back whole.
 *
 * <p>Users and applications are listed in creation order: each gets a sequence number, and a page's
 * {@code nextKey} is the sequence number where the next page starts (numeric, as EG's Redis cursors
 * are, and stable while records are added or removed).
 */
abstract class SerialIdentityStore implements IdentityStore {

  private static final Logger LOG = LoggerFactory.getLogger(SerialIdentityStore.class);

  /** The worker that runs every store operation: one thread, shared by the stores of a Vert.x. */
  static final String WORKER = "gatehouse-identity-store";

  private static final char SEP = '\u0000';

  private final WorkerExecutor worker;
  private final MvStoreAdapter engine;
  private final boolean sync;
  private final Tables tables;
  private final SerialGrantStore grants;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Must be called on the worker: opening tables may read the file. */
  SerialIdentityStore(WorkerExecutor worker, MvStoreAdapter engine, boolean sync) {
    this.worker = worker;
    this.engine = engine;
    this.sync = sync;
    this.tables = new Tables(engine);
    this.grants = new SerialGrantStore(this, engine);
    engine.commit(sync);
  }

  static WorkerExecutor worker(Vertx vertx) {
    return vertx.createSharedWorkerExecutor(WORKER, 1);
  }

  /** The tables of a store, by role. */
  private static final class Tables {
    final Table users;
    final Table usernames;
    final Table userOrder;
    final Table apps;
    final Table appOrder;
    final Table appNames;
    final Table userApps;
    final Table credentials;
    final Table consumerCredentials;
    final Table scopes;
    final Table meta;

    Tables(MvStoreAdapter engine) {
      users = engine.table("users");
      usernames = engine.table("usernames");
      userOrder = engine.table("userOrder");
      apps = engine.table("apps");
      appOrder = engine.table("appOrder");
      appNames = engine.table("appNames");
      userApps = engine.table("userApps");
      credentials = engine.table("credentials");
      consumerCredentials = engine.table("consumerCredentials");
      scopes = engine.table("scopes");
      meta = engine.table("meta");
      String format = meta.get("format");
      if (format == null) {
        meta.put("format", RecordCodec.FORMAT);
      } else if (!format.equals(RecordCodec.FORMAT)) {
        throw new IllegalStateException(
            "the identity store was written in format "
                + format
                + ", which this version cannot read");
      }
    }

    long nextSeq() {
      String last = meta.get("seq");
      long next = last == null ? 1 : Long.parseLong(last) + 1;
      meta.put("seq", Long.toString(next));
      return next;
    }
  }

  // --- running on the worker

  private <T> Future<T> read(Callable<T> query) {
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("the identity store is closed"));
    }
    return worker.executeBlocking(query, false);
  }

  private <T> Future<T> write(Callable<T> change) {
    return write(change, sync);
  }

  private <T> Future<T> write(Callable<T> change, boolean forceDisk) {
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("the identity store is closed"));
    }
    return worker.executeBlocking(
        () -> {
          try {
            T result = change.call();
            engine.commit(forceDisk);
            return result;
          } catch (Exception | Error e) {
            engine.rollback();
            throw e;
          }
        },
        false);
  }

  // --- grants: same worker, committed without forcing the disk (see SerialGrantStore)

  @Override
  public GrantStore grants() {
    return grants;
  }

  <T> Future<T> readGrants(Callable<T> query) {
    return read(query);
  }

  <T> Future<T> writeGrants(Callable<T> change) {
    return write(change, false);
  }

  /** Rewrites sparsely used parts of the file; called on the worker within a write. */
  void compact(int maxBytes) {
    engine.compact(maxBytes);
  }

  // --- users

  @Override
  public Future<UserRecord> insertUser(UserRecord user) {
    return write(
        () -> {
          requireKey("id", user.id());
          requireKey("username", user.username());
          if (tables.usernames.contains(user.username())) {
            throw IdentityException.conflict("username already exists: " + user.username());
          }
          if (tables.users.contains(user.id()) || tables.apps.contains(user.id())) {
            throw IdentityException.conflict("a consumer with id " + user.id() + " exists");
          }
          long seq = tables.nextSeq();
          tables.users.put(user.id(), RecordCodec.user(user, seq));
          tables.usernames.put(user.username(), user.id());
          tables.userOrder.put(order(seq), user.id());
          return user;
        });
  }

  @Override
  public Future<Optional<UserRecord>> user(String id) {
    return read(() -> Optional.ofNullable(tables.users.get(id)).map(RecordCodec::user));
  }

  @Override
  public Future<Optional<UserRecord>> userByName(String username) {
    return read(
        () ->
            Optional.ofNullable(tables.usernames.get(username))
                .map(tables.users::get)
                .map(RecordCodec::user));
  }

  @Override
  public Future<UserRecord> replaceUser(UserRecord user) {
    return write(
        () -> {
          String stored = tables.users.get(user.id());
          if (stored == null) {
            throw IdentityException.notFound("User not found: " + user.id());
          }
          UserRecord kept =
              new UserRecord(
                  user.id(),
                  RecordCodec.user(stored).username(),
                  user.active(),
                  user.createdAt(),
                  user.updatedAt(),
                  user.properties());
          tables.users.put(user.id(), RecordCodec.user(kept, RecordCodec.seq(stored)));
          return kept;
        });
  }

  @Override
  public Future<Boolean> deleteUser(String id) {
    return write(
        () -> {
          String stored = tables.users.get(id);
          if (stored == null) {
            return false;
          }
          for (Map.Entry<String, String> owned : tables.userApps.withPrefix(key(id))) {
            removeApp(after(owned.getKey(), id));
          }
          removeCredentialsOf(id);
          tables.usernames.remove(RecordCodec.user(stored).username());
          tables.userOrder.remove(order(RecordCodec.seq(stored)));
          tables.users.remove(id);
          return true;
        });
  }

  @Override
  public Future<Page<UserRecord>> users(String start, int count) {
    return read(() -> page(tables.userOrder, tables.users, start, count, RecordCodec::user));
  }

  // --- applications

  @Override
  public Future<AppRecord> insertApp(AppRecord app) {
    return write(
        () -> {
          requireKey("id", app.id());
          requireKey("name", app.name());
          if (!tables.users.contains(app.userId())) {
            throw IdentityException.notFound("User not found: " + app.userId());
          }
          if (tables.apps.contains(app.id()) || tables.users.contains(app.id())) {
            throw IdentityException.conflict("a consumer with id " + app.id() + " exists");
          }
          requireUniqueName(app.userId(), app.name(), null);
          long seq = tables.nextSeq();
          tables.apps.put(app.id(), RecordCodec.app(app, seq));
          tables.appOrder.put(order(seq), app.id());
          tables.appNames.put(key(app.name(), app.id()), app.userId());
          tables.userApps.put(key(app.userId(), app.id()), app.name());
          return app;
        });
  }

  @Override
  public Future<Optional<AppRecord>> app(String id) {
    return read(() -> Optional.ofNullable(tables.apps.get(id)).map(RecordCodec::app));
  }

  @Override
  public Future<List<AppRecord>> appsByName(String name) {
    return read(
        () ->
            tables.appNames.withPrefix(key(name)).stream()
                .map(entry -> RecordCodec.app(tables.apps.get(after(entry.getKey(), name))))
                .toList());
  }

  @Override
  public Future<List<AppRecord>> appsOfUser(String userId) {
    return read(
        () ->
            tables.userApps.withPrefix(key(userId)).stream()
                .map(entry -> RecordCodec.app(tables.apps.get(after(entry.getKey(), userId))))
                .toList());
  }

  @Override
  public Future<AppRecord> replaceApp(AppRecord app) {
    return write(
        () -> {
          String stored = tables.apps.get(app.id());
          if (stored == null) {
            throw IdentityException.notFound("Application not found: " + app.id());
          }
          requireKey("name", app.name());
          AppRecord before = RecordCodec.app(stored);
          AppRecord kept =
              new AppRecord(
                  app.id(),
                  app.name(),
                  before.userId(),
                  app.active(),
                  app.createdAt(),
                  app.updatedAt(),
                  app.properties());
          if (!before.name().equals(kept.name())) {
            requireUniqueName(kept.userId(), kept.name(), kept.id());
            tables.appNames.remove(key(before.name(), kept.id()));
            tables.appNames.put(key(kept.name(), kept.id()), kept.userId());
            tables.userApps.put(key(kept.userId(), kept.id()), kept.name());
          }
          tables.apps.put(kept.id(), RecordCodec.app(kept, RecordCodec.seq(stored)));
          return kept;
        });
  }

  @Override
  public Future<Boolean> deleteApp(String id) {
    return write(() -> removeApp(id));
  }

  @Override
  public Future<Page<AppRecord>> apps(String start, int count) {
    return read(() -> page(tables.appOrder, tables.apps, start, count, RecordCodec::app));
  }

  private void requireUniqueName(String userId, String name, String exceptAppId) {
    for (Map.Entry<String, String> owned : tables.userApps.withPrefix(key(userId))) {
      if (owned.getValue().equals(name) && !after(owned.getKey(), userId).equals(exceptAppId)) {
        throw IdentityException.conflict(
            "an application named '" + name + "' already exists for user " + userId);
      }
    }
  }

  private boolean removeApp(String id) {
    String stored = tables.apps.get(id);
    if (stored == null) {
      return false;
    }
    AppRecord app = RecordCodec.app(stored);
    removeCredentialsOf(id);
    tables.appNames.remove(key(app.name(), id));
    tables.userApps.remove(key(app.userId(), id));
    tables.appOrder.remove(order(RecordCodec.seq(stored)));
    tables.apps.remove(id);
    return true;
  }

  // --- credentials

  @Override
  public Future<CredentialRecord> insertCredential(CredentialRecord credential) {
    return write(
        () -> {
          requireKey("type", credential.type());
          requireKey("id", credential.id());
          String consumerId = credential.consumerId();
          if (consumerId == null
              || !(tables.users.contains(consumerId) || tables.apps.contains(consumerId))) {
            throw IdentityException.notFound("No consumer found with id: " + consumerId);
          }
          boolean onePerConsumer = onePerConsumer(credential.type());
          if (onePerConsumer && !credential.id().equals(consumerId)) {
            throw IdentityException.invalid(
                "a " + credential.type() + " credential's id is its consumer's id");
          }
          requireScopes(credential.scopes());
          String existing = tables.credentials.get(key(credential.type(), credential.id()));
          if (existing != null) {
            if (!onePerConsumer) {
              throw IdentityException.conflict(
                  "a "
                      + credential.type()
                      + " credential with key id "
                      + credential.id()
                      + " exists");
            }
            if (RecordCodec.credential(existing).active()) {
              throw IdentityException.conflict("Credential already exists and is active");
            }
          }
          putCredential(credential);
          return credential;
        });
  }

  @Override
  public Future<Optional<CredentialRecord>> credential(String type, String id) {
    return read(
        () ->
            Optional.ofNullable(tables.credentials.get(key(type, id)))
                .map(RecordCodec::credential));
  }

  @Override
  public Future<List<CredentialRecord>> credentialsOf(String consumerId) {
    return read(
        () ->
            tables.consumerCredentials.withPrefix(key(consumerId)).stream()
                .map(
                    entry ->
                        RecordCodec.credential(
                            tables.credentials.get(after(entry.getKey(), consumerId))))
                .toList());
  }

  @Override
  public Future<List<CredentialRecord>> credentials() {
    return read(() -> tables.credentials.values().stream().map(RecordCodec::credential).toList());
  }

  @Override
  public Future<CredentialRecord> replaceCredential(CredentialRecord credential) {
    return write(
        () -> {
          String stored = tables.credentials.get(key(credential.type(), credential.id()));
          if (stored == null) {
            throw IdentityException.notFound(
                "Credential not found: " + credential.type() + " " + credential.id());
          }
          requireScopes(credential.scopes());
          CredentialRecord kept =
              new CredentialRecord(
                  credential.type(),
                  credential.id(),
                  RecordCodec.credential(stored).consumerId(),
                  credential.active(),
                  credential.scopes(),
                  credential.secret(),
                  credential.createdAt(),
                  credential.updatedAt(),
                  credential.properties());
          putCredential(kept);
          return kept;
        });
  }

  @Override
  public Future<Boolean> deleteCredential(String type, String id) {
    return write(() -> removeCredential(key(type, id)));
  }

  private static boolean onePerConsumer(String type) {
    return Credential.BASIC_AUTH.equals(type) || Credential.OAUTH2.equals(type);
  }

  private void putCredential(CredentialRecord credential) {
    String key = key(credential.type(), credential.id());
    tables.credentials.put(key, RecordCodec.credential(credential));
    tables.consumerCredentials.put(
        key(credential.consumerId(), credential.type(), credential.id()), "");
  }

  private boolean removeCredential(String key) {
    String stored = tables.credentials.get(key);
    if (stored == null) {
      return false;
    }
    CredentialRecord credential = RecordCodec.credential(stored);
    tables.consumerCredentials.remove(key(credential.consumerId(), key));
    tables.credentials.remove(key);
    return true;
  }

  private void removeCredentialsOf(String consumerId) {
    for (Map.Entry<String, String> owned : tables.consumerCredentials.withPrefix(key(consumerId))) {
      removeCredential(after(owned.getKey(), consumerId));
    }
  }

  // --- scopes

  @Override
  public Future<Set<String>> scopes() {
    return read(
        () -> {
          Set<String> scopes = new LinkedHashSet<>();
          tables.scopes.from("", Integer.MAX_VALUE).forEach(entry -> scopes.add(entry.getKey()));
          return scopes;
        });
  }

  @Override
  public Future<Void> insertScopes(Set<String> scopes) {
    return write(
        () -> {
          scopes.forEach(scope -> requireKey("scope", scope));
          if (scopes.stream().anyMatch(tables.scopes::contains)) {
            throw IdentityException.conflict("One or more scopes already exist.");
          }
          scopes.forEach(scope -> tables.scopes.put(scope, ""));
          return null;
        });
  }

  @Override
  public Future<Void> deleteScope(String scope) {
    return write(
        () -> {
          if (!tables.scopes.contains(scope)) {
            throw IdentityException.notFound("Scope not found: " + scope);
          }
          tables.scopes.remove(scope);
          for (String stored : tables.credentials.values()) {
            CredentialRecord credential = RecordCodec.credential(stored);
            if (credential.scopes().contains(scope)) {
              Set<String> kept = new TreeSet<>(credential.scopes());
              kept.remove(scope);
              putCredential(
                  new CredentialRecord(
                      credential.type(),
                      credential.id(),
                      credential.consumerId(),
                      credential.active(),
                      kept,
                      credential.secret(),
                      credential.createdAt(),
                      credential.updatedAt(),
                      credential.properties()));
            }
          }
          return null;
        });
  }

  private void requireScopes(Set<String> scopes) {
    if (!scopes.stream().allMatch(tables.scopes::contains)) {
      throw IdentityException.invalid("One or more scopes don't exist");
    }
  }

  // --- the store itself

  @Override
  public Future<Void> ping() {
    return read(
        () -> {
          if (engine.isClosed()) {
            throw new IllegalStateException("the identity store is closed");
          }
          return null;
        });
  }

  /**
   * Commits what is pending and closes the store, on its worker after the operations already
   * queued. Blocks the calling thread (never call it on an event loop) for at most 30 seconds.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      worker
          .executeBlocking(
              () -> {
                try {
                  engine.close();
                } finally {
                  done.countDown();
                }
                return null;
              },
              false)
          .onFailure(e -> done.countDown());
      if (!done.await(30, TimeUnit.SECONDS)) {
        LOG.warn("identity_store_close_timeout store={}", engine);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The worker is gone (Vert.x closed first): close here, nothing else can run any more.
      engine.close();
    } finally {
      worker.close();
    }
  }

  /** Closes the file as a crash would: for tests of durability. */
  void closeAbruptly() {
    closed.set(true);
    CountDownLatch done = new CountDownLatch(1);
    worker.executeBlocking(
        () -> {
          try {
            engine.closeAbruptly();
          } finally {
            done.countDown();
          }
          return null;
        },
        false);
    try {
      done.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + engine + "]";
  }

  // --- keys

  /** Key parts joined by a separator that no key may contain. */
  private static String key(String... parts) {
    return String.join(String.valueOf(SEP), parts) + (parts.length == 1 ? String.valueOf(SEP) : "");
  }

  /** The rest of a composite key after {@code first} and its separator. */
  private static String after(String composite, String first) {
    return composite.substring(first.length() + 1);
  }

  /** A sequence number as a key that sorts as the number does. */
  private static String order(long seq) {
    return String.format("%019d", seq);
  }

  private static void requireKey(String what, String value) {
    if (value == null || value.isEmpty() || value.indexOf(SEP) >= 0) {
      throw IdentityException.invalid(what + " must be a non-empty text without NUL characters");
    }
  }

  private static <T> Page<T> page(
      Table order, Table records, String start, int count, Function<String, T> decode) {
    if (count < 1) {
      throw IdentityException.invalid("count must be at least 1, got " + count);
    }
    List<Map.Entry<String, String>> entries = order.from(order(cursor(start)), count + 1);
    List<T> items = new ArrayList<>();
    for (Map.Entry<String, String> entry : entries.subList(0, Math.min(count, entries.size()))) {
      items.add(decode.apply(records.get(entry.getValue())));
    }
    String next =
        entries.size() > count ? Long.toString(Long.parseLong(entries.get(count).getKey())) : "0";
    return new Page<>(items, next);
  }

  private static long cursor(String start) {
    if (start == null || start.isEmpty()) {
      return 0;
    }
    try {
      long cursor = Long.parseLong(start);
      if (cursor >= 0) {
        return cursor;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw IdentityException.invalid(
        "start must be 0 or a nextKey of a previous page, got " + start);
  }
}
