package dev.gatehouse.core.identity.redis;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.GrantStore;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.Page;
import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity store on Redis, in Express Gateway's key layout (compat 5.2), so a gateway pointed
 * at an existing EG Redis serves its consumers unchanged, and several gateway instances share one
 * store.
 *
 * <p>Every check-then-write runs as one {@link Transaction}: watched reads and a {@code
 * MULTI}/{@code EXEC} on one server, serialised writers on Redis Cluster. Each committed write
 * publishes what it changed, and {@link #onRemoteChange} hears the other instances.
 *
 * <pre>{@code
 * RedisIdentityStore.connect(vertx, new JsonObject().put("host", "redis"), configDir)
 *     .compose(store -> store.userByName("ada"));
 * }</pre>
 */
public final class RedisIdentityStore implements IdentityStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisIdentityStore.class);

  private final RedisConnections redis;
  private final boolean ownsConnections;
  private final RedisKeys keys;
  private final Reads reads;
  private final KeyScans scans;
  private final Invalidations invalidations;
  private final Transactions transactions;
  private final RedisGrantStore grants;

  private RedisIdentityStore(Vertx vertx, RedisConnections redis, boolean ownsConnections) {
    this.redis = redis;
    this.ownsConnections = ownsConnections;
    this.keys = new RedisKeys(redis.config().namespace());
    this.reads = new Reads((key, command) -> redis.client().send(command));
    this.scans = new KeyScans(redis);
    this.invalidations = new Invalidations(vertx, redis, keys.invalidationChannel());
    this.transactions =
        redis.cluster()
            ? new LockedTransactions(vertx, redis.client(), keys.writeLock(), invalidations)
            : new WatchedTransactions(vertx, redis.client(), invalidations);
    this.grants = new RedisGrantStore(redis.client(), redis.config().namespace());
  }

  /**
   * Connects to the Redis of {@code system.config.yml} {@code db.redis}: checks that it answers and
   * subscribes to other instances' changes.
   *
   * @param redisSection the {@code db.redis} object
   * @param configDirectory where relative TLS files are resolved
   * @return fails with an {@link IllegalArgumentException} naming the key of a configuration error,
   *     or with the connection's failure
   */
  public static Future<RedisIdentityStore> connect(
      Vertx vertx, JsonObject redisSection, Path configDirectory) {
    RedisConfig config;
    try {
      config = RedisConfig.parse(redisSection, configDirectory);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (config.emulate()) {
      return Future.failedFuture(
          new IllegalArgumentException(
              RedisConfig.SECTION + ".emulate: true asks for the in-memory store, not Redis"));
    }
    if (!config.ignored().isEmpty()) {
      LOG.warn("event=redis.options.ignored section=db.redis keys={}", config.ignored());
    }
    return RedisConnections.open(vertx, config)
        .compose(
            connections ->
                start(vertx, connections, true).onFailure(failure -> connections.close()));
  }

  /** A store over connections the caller shares with other stores and closes itself. */
  public static Future<RedisIdentityStore> create(Vertx vertx, RedisConnections connections) {
    return start(vertx, connections, false);
  }

  private static Future<RedisIdentityStore> start(
      Vertx vertx, RedisConnections connections, boolean owns) {
    RedisIdentityStore store = new RedisIdentityStore(vertx, connections, owns);
    return vertx
        .executeBlocking(
            () -> {
              EgRecords.warmUp();
              return null;
            })
        .compose(warm -> store.ping())
        .compose(ok -> store.invalidations.start())
        .map(ok -> store)
        .onSuccess(
            ok ->
                LOG.info("event=identity.store.redis.ready at={}", connections.config().describe()))
        .onFailure(failure -> store.invalidations.close());
  }

  // ---- users ---------------------------------------------------------------------------------

  @Override
  public Future<UserRecord> insertUser(UserRecord user) {
    String userKey = keys.user(user.id());
    String nameKey = keys.username(user.username());
    return transactions.run(
        tx -> {
          Future<String> existing = tx.type(userKey);
          Future<Set<String>> holders = tx.members(nameKey);
          return Future.all(existing, holders)
              .compose(read -> liveUsers(tx, nameKey, holders.result()))
              .compose(
                  taken -> {
                    if (!existing.result().equals("none")) {
                      return failed(IdentityException.conflict("user id already exists"));
                    }
                    if (taken) {
                      return failed(IdentityException.conflict("username already exists"));
                    }
                    UserRecord written = write(tx, user);
                    tx.addMember(nameKey, user.id());
                    return Future.succeededFuture(written);
                  });
        });
  }

  /** Whether a username set names a user that exists; forgets ids whose user is gone. */
  private Future<Boolean> liveUsers(Transaction tx, String nameKey, Set<String> ids) {
    List<String> idList = List.copyOf(ids);
    return tx.hashes(idList.stream().map(keys::user).toList())
        .map(
            hashes -> {
              boolean live = false;
              for (int i = 0; i < idList.size(); i++) {
                if (hashes.get(i).isEmpty()) {
                  tx.removeMember(nameKey, idList.get(i));
                } else {
                  live = true;
                }
              }
              return live;
            });
  }

  @Override
  public Future<Optional<UserRecord>> user(String id) {
    return reads.hash(keys.user(id)).map(fields -> EgRecords.user(id, fields));
  }

  @Override
  public Future<Optional<UserRecord>> userByName(String username) {
    return reads
        .members(keys.username(username))
        .compose(ids -> records(reads, ids, keys::user, EgRecords::user))
        .map(users -> users.stream().findFirst());
  }

  @Override
  public Future<UserRecord> replaceUser(UserRecord user) {
    return replaceStored(
        keys.user(user.id()),
        "User not found: " + user.id(),
        (tx, stored) ->
            Future.succeededFuture(
                write(
                    tx,
                    new UserRecord(
                        user.id(),
                        stored.get("username"),
                        user.active(),
                        orElse(user.createdAt(), stored.get("createdAt")),
                        user.updatedAt(),
                        user.properties()))));
  }

  /**
   * Reads the hash at {@code key} and replaces it, in one transaction.
   *
   * @param notFound the message of the failure when there is no such hash
   * @param replace queues the writes, given the stored fields
   */
  private <T> Future<T> replaceStored(
      String key,
      String notFound,
      BiFunction<Transaction, Map<String, String>, Future<T>> replace) {
    return transactions.run(
        tx ->
            tx.hash(key)
                .compose(
                    stored ->
                        stored.isEmpty()
                            ? failed(IdentityException.notFound(notFound))
                            : replace.apply(tx, stored)));
  }

  /** Queues the writing of a user's hash; the user as it reads back from what is written. */
  private UserRecord write(Transaction tx, UserRecord user) {
    return write(
        tx,
        keys.user(user.id()),
        EgRecords.fields(user),
        "user:" + user.id(),
        fields -> EgRecords.user(user.id(), fields));
  }

  /**
   * Queues the writing of a record's hash and names the record as changed.
   *
   * @param subject what other instances forget when the transaction commits
   * @return the record as it reads back from the fields
   */
  private static <T> T write(
      Transaction tx,
      String key,
      Map<String, String> fields,
      String subject,
      Function<Map<String, String>, Optional<T>> decode) {
    tx.replaceHash(key, fields);
    tx.changed(subject);
    return decode.apply(fields).orElseThrow();
  }

  @Override
  public Future<Boolean> deleteUser(String id) {
    String userKey = keys.user(id);
    return transactions.run(
        tx ->
            tx.hash(userKey)
                .compose(
                    stored -> {
                      if (stored.isEmpty()) {
                        return Future.succeededFuture(false);
                      }
                      return appsOf(tx, id)
                          .compose(
                              apps -> {
                                tx.delete(userKey);
                                tx.removeMember(keys.username(stored.get("username")), id);
                                tx.delete(keys.userApps(id));
                                tx.changed("user:" + id);
                                List<Future<Void>> cascade = new ArrayList<>();
                                cascade.add(deleteCredentialsOf(tx, id));
                                for (AppRecord app : apps) {
                                  cascade.add(deleteAppWrites(tx, app));
                                }
                                return Future.all(cascade).map(true);
                              });
                    }));
  }

  @Override
  public Future<Page<UserRecord>> users(String start, int count) {
    return page(keys.user(""), start, count, EgRecords::user);
  }

  /** A page of the records whose keys start with {@code prefix}, listed with SCAN. */
  private <T> Future<Page<T>> page(
      String prefix,
      String start,
      int count,
      BiFunction<String, Map<String, String>, Optional<T>> decode) {
    return scans
        .page(keys.pattern(prefix), start, count)
        .compose(
            page -> {
              List<String> ids = page.keys().stream().map(key -> idOf(key, prefix)).toList();
              return records(reads, ids, id -> prefix + id, decode)
                  .map(items -> new Page<>(items, page.nextKey()));
            });
  }

  /** The records of these ids that exist, in the order of the ids. */
  private static <T> Future<List<T>> records(
      Reads from,
      Collection<String> ids,
      Function<String, String> key,
      BiFunction<String, Map<String, String>, Optional<T>> decode) {
    List<String> idList = List.copyOf(ids);
    return from.hashes(idList.stream().map(key).toList())
        .map(
            hashes -> {
              List<T> records = new ArrayList<>();
              for (int i = 0; i < idList.size(); i++) {
                decode.apply(idList.get(i), hashes.get(i)).ifPresent(records::add);
              }
              return records;
            });
  }

  // ---- applications --------------------------------------------------------------------------

  @Override
  public Future<AppRecord> insertApp(AppRecord app) {
    String appKey = keys.app(app.id());
    return transactions.run(
        tx -> {
          Future<String> owner = tx.type(keys.user(app.userId()));
          Future<String> existing = tx.type(appKey);
          Future<Boolean> taken = nameTaken(tx, app.name(), app.userId(), app.id());
          return Future.all(owner, existing, taken)
              .compose(
                  read -> {
                    if (!owner.result().equals("hash")) {
                      return failed(IdentityException.notFound("User not found: " + app.userId()));
                    }
                    if (!existing.result().equals("none")) {
                      return failed(IdentityException.conflict("application id already exists"));
                    }
                    if (taken.result()) {
                      return failed(nameConflict(app));
                    }
                    AppRecord written = write(tx, app);
                    tx.addMember(keys.userApps(app.userId()), app.id());
                    tx.addMember(keys.appName(app.name()), app.id());
                    return Future.succeededFuture(written);
                  });
        });
  }

  /** Whether another application of this user has this name; forgets ids of deleted apps. */
  private Future<Boolean> nameTaken(Transaction tx, String name, String userId, String appId) {
    String nameKey = keys.appName(name);
    return tx.members(nameKey)
        .compose(
            ids -> {
              List<String> others = ids.stream().filter(id -> !id.equals(appId)).toList();
              return tx.hashes(others.stream().map(keys::app).toList())
                  .map(
                      hashes -> {
                        boolean taken = false;
                        for (int i = 0; i < others.size(); i++) {
                          Map<String, String> other = hashes.get(i);
                          if (other.isEmpty()) {
                            tx.removeMember(nameKey, others.get(i));
                          } else if (userId.equals(other.get("userId"))) {
                            taken = true;
                          }
                        }
                        return taken;
                      });
            });
  }

  /** Queues the writing of an application's hash; the application as it reads back. */
  private AppRecord write(Transaction tx, AppRecord app) {
    return write(
        tx,
        keys.app(app.id()),
        EgRecords.fields(app),
        "app:" + app.id(),
        fields -> EgRecords.app(app.id(), fields));
  }

  private static IdentityException nameConflict(AppRecord app) {
    return IdentityException.conflict(
        app.userId() + " has already another application bound with " + app.name() + " as name");
  }

  @Override
  public Future<Optional<AppRecord>> app(String id) {
    return reads.hash(keys.app(id)).map(fields -> EgRecords.app(id, fields));
  }

  @Override
  public Future<List<AppRecord>> appsByName(String name) {
    return reads.members(keys.appName(name)).compose(ids -> apps(reads, ids));
  }

  @Override
  public Future<List<AppRecord>> appsOfUser(String userId) {
    return appsOf(reads, userId);
  }

  private Future<List<AppRecord>> appsOf(Reads from, String userId) {
    return from.members(keys.userApps(userId)).compose(ids -> apps(from, ids));
  }

  private Future<List<AppRecord>> apps(Reads from, Set<String> ids) {
    return records(from, ids, keys::app, EgRecords::app);
  }

  @Override
  public Future<AppRecord> replaceApp(AppRecord app) {
    return replaceStored(
        keys.app(app.id()),
        "Application not found: " + app.id(),
        (tx, stored) -> {
          String userId = stored.get("userId");
          String oldName = stored.get("name");
          Future<Boolean> taken =
              app.name().equals(oldName)
                  ? Future.succeededFuture(false)
                  : nameTaken(tx, app.name(), userId, app.id());
          return taken.compose(
              conflict -> {
                AppRecord replacement =
                    new AppRecord(
                        app.id(),
                        app.name(),
                        userId,
                        app.active(),
                        orElse(app.createdAt(), stored.get("createdAt")),
                        app.updatedAt(),
                        app.properties());
                if (conflict) {
                  return failed(nameConflict(replacement));
                }
                AppRecord written = write(tx, replacement);
                if (!app.name().equals(oldName)) {
                  tx.removeMember(keys.appName(oldName), app.id());
                  tx.addMember(keys.appName(app.name()), app.id());
                }
                return Future.succeededFuture(written);
              });
        });
  }

  @Override
  public Future<Boolean> deleteApp(String id) {
    return transactions.run(
        tx ->
            tx.hash(keys.app(id))
                .compose(
                    stored ->
                        EgRecords.app(id, stored)
                            .map(app -> deleteAppWrites(tx, app).map(true))
                            .orElse(Future.succeededFuture(false))));
  }

  /** Queues the deletion of an application, its index entries and its credentials. */
  private Future<Void> deleteAppWrites(Transaction tx, AppRecord app) {
    tx.delete(keys.app(app.id()));
    tx.removeMember(keys.userApps(app.userId()), app.id());
    tx.removeMember(keys.appName(app.name()), app.id());
    tx.changed("app:" + app.id());
    return deleteCredentialsOf(tx, app.id());
  }

  @Override
  public Future<Page<AppRecord>> apps(String start, int count) {
    return page(keys.app(""), start, count, EgRecords::app);
  }

  // ---- credentials ---------------------------------------------------------------------------

  @Override
  public Future<CredentialRecord> insertCredential(CredentialRecord credential) {
    String type = credential.type();
    if (!EgRecords.TYPES.contains(type)) {
      return failed(IdentityException.invalid("Invalid credential type: " + type));
    }
    if (!EgRecords.keyed(type) && !credential.id().equals(credential.consumerId())) {
      return failed(
          IdentityException.invalid("a " + type + " credential's id is its consumer's id"));
    }
    String credentialKey = keys.credential(type, credential.id());
    String consumerKeys = keys.consumerKeys(type, credential.consumerId());
    return transactions.run(
        tx -> {
          Future<Boolean> consumer = consumerExists(tx, credential.consumerId());
          Future<Void> scopes = scopesExist(tx, credential.scopes());
          Future<Map<String, String>> existing = tx.hash(credentialKey);
          Future<String> existingType = tx.type(credentialKey);
          Future<String> keySetType =
              EgRecords.keyed(type) ? tx.type(consumerKeys) : Future.succeededFuture("none");
          return Future.all(List.of(consumer, scopes, existing, existingType, keySetType))
              .compose(
                  read -> {
                    if (!consumer.result()) {
                      return failed(
                          IdentityException.notFound(
                              "No consumer found with id: " + credential.consumerId()));
                    }
                    if (EgRecords.keyed(type)) {
                      if (!existingType.result().equals("none")
                          || !Set.of("none", "set").contains(keySetType.result())) {
                        return failed(
                            IdentityException.conflict(
                                "a " + type + " credential with this key id already exists"));
                      }
                      tx.addMember(consumerKeys, credential.id());
                    } else {
                      Optional<CredentialRecord> previous =
                          EgRecords.credential(type, credential.id(), existing.result());
                      if (previous.isPresent() && previous.get().active()) {
                        return failed(
                            IdentityException.conflict("Credential already exists and is active"));
                      }
                      previous.ifPresent(old -> unindexScopes(tx, old, old.scopes()));
                    }
                    CredentialRecord written = write(tx, credential);
                    indexScopes(tx, credential, credential.scopes());
                    return Future.succeededFuture(written);
                  });
        });
  }

  private Future<Boolean> consumerExists(Transaction tx, String consumerId) {
    Future<String> user = tx.type(keys.user(consumerId));
    Future<String> app = tx.type(keys.app(consumerId));
    return Future.all(user, app)
        .map(read -> user.result().equals("hash") || app.result().equals("hash"));
  }

  private Future<Void> scopesExist(Transaction tx, Set<String> scopes) {
    if (scopes.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.hash(keys.scopes())
        .compose(
            registry ->
                registry.keySet().containsAll(scopes)
                    ? Future.succeededFuture()
                    : failed(IdentityException.invalid("One or more scopes don't exist")));
  }

  private String key(CredentialRecord credential) {
    return keys.credential(credential.type(), credential.id());
  }

  private void indexScopes(Transaction tx, CredentialRecord credential, Set<String> scopes) {
    String credentialKey = key(credential);
    scopes.forEach(scope -> tx.setField(keys.scopeCredentials(scope), credentialKey, "true"));
  }

  private void unindexScopes(Transaction tx, CredentialRecord credential, Set<String> scopes) {
    String credentialKey = key(credential);
    scopes.forEach(scope -> tx.deleteField(keys.scopeCredentials(scope), credentialKey));
  }

  /** Queues the writing of a credential's hash; the credential as it reads back. */
  private CredentialRecord write(Transaction tx, CredentialRecord credential) {
    return write(
        tx,
        key(credential),
        EgRecords.fields(credential),
        subject(credential),
        fields -> EgRecords.credential(credential.type(), credential.id(), fields));
  }

  private static String subject(CredentialRecord credential) {
    return "credential:" + credential.type() + ":" + credential.id();
  }

  @Override
  public Future<Optional<CredentialRecord>> credential(String type, String id) {
    if (!EgRecords.TYPES.contains(type)) {
      return Future.succeededFuture(Optional.empty());
    }
    return reads
        .hash(keys.credential(type, id))
        .map(fields -> EgRecords.credential(type, id, fields));
  }

  @Override
  public Future<List<CredentialRecord>> credentialsOf(String consumerId) {
    return credentialsOf(reads, consumerId);
  }

  /** EG's lookups: basic-auth and oauth2 by consumer id, key-auth and jwt through the key sets. */
  private Future<List<CredentialRecord>> credentialsOf(Reads from, String consumerId) {
    List<Future<List<CredentialRecord>>> byType = new ArrayList<>();
    for (String type : EgRecords.TYPES) {
      if (EgRecords.keyed(type)) {
        byType.add(
            from.members(keys.consumerKeys(type, consumerId))
                .compose(keyIds -> credentials(from, type, List.copyOf(keyIds))));
      } else {
        byType.add(credentials(from, type, List.of(consumerId)));
      }
    }
    return concat(byType);
  }

  private Future<List<CredentialRecord>> credentials(Reads from, String type, List<String> ids) {
    return records(
        from,
        ids,
        id -> keys.credential(type, id),
        (id, fields) -> EgRecords.credential(type, id, fields));
  }

  @Override
  public Future<List<CredentialRecord>> credentials() {
    List<Future<List<CredentialRecord>>> byType = new ArrayList<>();
    for (String type : EgRecords.TYPES) {
      String prefix = keys.credential(type, "");
      byType.add(
          scans
              .all(keys.pattern(prefix))
              .compose(
                  found ->
                      credentials(
                          reads, type, found.stream().map(key -> idOf(key, prefix)).toList())));
    }
    return concat(byType);
  }

  @Override
  public Future<CredentialRecord> replaceCredential(CredentialRecord credential) {
    String type = credential.type();
    if (!EgRecords.TYPES.contains(type)) {
      return failed(IdentityException.notFound("Invalid credential type: " + type));
    }
    String credentialKey = keys.credential(type, credential.id());
    return transactions.run(
        tx -> {
          Future<Map<String, String>> existing = tx.hash(credentialKey);
          Future<Void> scopes = scopesExist(tx, credential.scopes());
          return Future.all(existing, scopes)
              .compose(
                  read -> {
                    Optional<CredentialRecord> stored =
                        EgRecords.credential(type, credential.id(), existing.result());
                    if (stored.isEmpty()) {
                      return failed(
                          IdentityException.notFound(
                              "Credential not found: " + type + " " + credential.id()));
                    }
                    CredentialRecord old = stored.get();
                    CredentialRecord replacement =
                        new CredentialRecord(
                            type,
                            credential.id(),
                            old.consumerId(),
                            credential.active(),
                            credential.scopes(),
                            credential.secret(),
                            orElse(credential.createdAt(), old.createdAt()),
                            credential.updatedAt(),
                            credential.properties());
                    CredentialRecord written = write(tx, replacement);
                    Set<String> removed = new HashSet<>(old.scopes());
                    removed.removeAll(replacement.scopes());
                    Set<String> added = new LinkedHashSet<>(replacement.scopes());
                    added.removeAll(old.scopes());
                    unindexScopes(tx, old, removed);
                    indexScopes(tx, replacement, added);
                    return Future.succeededFuture(written);
                  });
        });
  }

  @Override
  public Future<Boolean> deleteCredential(String type, String id) {
    if (!EgRecords.TYPES.contains(type)) {
      return Future.succeededFuture(false);
    }
    return transactions.run(
        tx ->
            tx.hash(keys.credential(type, id))
                .map(
                    stored ->
                        EgRecords.credential(type, id, stored)
                            .map(
                                credential -> {
                                  deleteCredentialWrites(tx, credential);
                                  return true;
                                })
                            .orElse(false)));
  }

  private Future<Void> deleteCredentialsOf(Transaction tx, String consumerId) {
    return credentialsOf(tx, consumerId)
        .map(
            credentials -> {
              credentials.forEach(credential -> deleteCredentialWrites(tx, credential));
              return null;
            });
  }

  private void deleteCredentialWrites(Transaction tx, CredentialRecord credential) {
    tx.delete(key(credential));
    if (EgRecords.keyed(credential.type())) {
      tx.removeMember(
          keys.consumerKeys(credential.type(), credential.consumerId()), credential.id());
    }
    unindexScopes(tx, credential, credential.scopes());
    tx.changed(subject(credential));
  }

  // ---- scopes --------------------------------------------------------------------------------

  @Override
  public Future<Set<String>> scopes() {
    return reads.hash(keys.scopes()).map(registry -> new LinkedHashSet<>(registry.keySet()));
  }

  @Override
  public Future<Void> insertScopes(Set<String> scopes) {
    if (scopes.isEmpty()) {
      return Future.succeededFuture();
    }
    return transactions.run(
        tx ->
            tx.hash(keys.scopes())
                .compose(
                    registry -> {
                      if (scopes.stream().anyMatch(registry::containsKey)) {
                        return failed(
                            IdentityException.conflict("One or more scopes already exist."));
                      }
                      for (String scope : scopes) {
                        tx.setField(keys.scopes(), scope, "true");
                        tx.changed("scope:" + scope);
                      }
                      return Future.succeededFuture();
                    }));
  }

  /**
   * Deletes a scope and takes it from every credential: those of the {@code scope-credentials}
   * index, and those found by scanning, because EG's set-scopes endpoint did not index what it set.
   * A credential gaining the scope meanwhile reads the scope registry this transaction changes, so
   * it cannot slip through.
   */
  @Override
  public Future<Void> deleteScope(String scope) {
    String holdersKey = keys.scopeCredentials(scope);
    return credentials()
        .compose(
            all -> {
              Set<String> holders = new LinkedHashSet<>();
              all.stream()
                  .filter(credential -> credential.scopes().contains(scope))
                  .forEach(credential -> holders.add(key(credential)));
              return transactions.run(
                  tx -> {
                    Future<String> registered = tx.field(keys.scopes(), scope);
                    Future<Map<String, String>> indexed = tx.hash(holdersKey);
                    return Future.all(registered, indexed)
                        .compose(
                            read -> {
                              if (registered.result() == null) {
                                return failed(
                                    IdentityException.notFound("Scope not found: " + scope));
                              }
                              Set<String> keysOfHolders = new LinkedHashSet<>(holders);
                              keysOfHolders.addAll(indexed.result().keySet());
                              return dropScope(tx, List.copyOf(keysOfHolders), scope);
                            })
                        .map(
                            dropped -> {
                              tx.deleteField(keys.scopes(), scope);
                              tx.delete(holdersKey);
                              tx.changed("scope:" + scope);
                              return null;
                            });
                  });
            });
  }

  private Future<Void> dropScope(Transaction tx, List<String> credentialKeys, String scope) {
    return tx.hashes(credentialKeys)
        .map(
            credentials -> {
              for (int i = 0; i < credentialKeys.size(); i++) {
                dropScope(tx, credentialKeys.get(i), credentials.get(i), scope);
              }
              return null;
            });
  }

  private void dropScope(
      Transaction tx, String credentialKey, Map<String, String> credential, String scope) {
    if (credential.isEmpty()) {
      return;
    }
    Set<String> scopes = EgRecords.scopes(credential.get("scopes"));
    if (scopes.remove(scope)) {
      tx.setField(credentialKey, "scopes", EgRecords.scopesJson(scopes));
    }
    // The credential key is <namespace>-<type>:<id>.
    String typeAndId = credentialKey.substring(redis.config().namespace().length() + 1);
    tx.changed("credential:" + typeAndId);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  @Override
  public GrantStore grants() {
    return grants;
  }

  @Override
  public Future<Void> ping() {
    return redis.client().send(Request.cmd(Command.PING)).mapEmpty();
  }

  @Override
  public void onRemoteChange(Consumer<String> listener) {
    invalidations.listen(listener);
  }

  @Override
  public void close() {
    invalidations.close();
    if (ownsConnections) {
      redis.close();
    }
  }

  private static <T> Future<List<T>> concat(List<Future<List<T>>> lists) {
    return Future.all(lists)
        .map(
            all -> {
              List<T> items = new ArrayList<>();
              lists.forEach(list -> items.addAll(list.result()));
              return items;
            });
  }

  private static String idOf(String key, String prefix) {
    return key.substring(prefix.length());
  }

  private static <T> Future<T> failed(IdentityException exception) {
    return Future.failedFuture(exception);
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
