package dev.gatehouse.core.identity;

import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.core.identity.model.IdentityModels;
import dev.gatehouse.core.identity.model.Model;
import dev.gatehouse.core.identity.secret.RandomValues;
import dev.gatehouse.core.identity.secret.Secrets;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Express Gateway's identity operations over an {@link IdentityStore}, with Gatehouse's statuses
 * (compat 12): properties checked against {@code models/*.json} (unknown properties and changes to
 * {@code isMutable: false} ones refused), ids generated, passwords and secrets hashed or encrypted,
 * the activation cascade, lookups by id or name, and the cache told of every change once the store
 * has it.
 *
 * <p>Failures are {@link IdentityException}s:
 *
 * <ul>
 *   <li>NOT_FOUND: unknown user, application, credential or scope; an application for an unknown
 *       user; a credential for an unknown consumer (EG's message "No consumer found with id: x",
 *       which EG answered with 422: here a 404, like every reference to something missing);
 *   <li>CONFLICT: duplicate username, scope, key id, application name of one user, a second active
 *       basic-auth or oauth2 credential, an application name that names several applications;
 *   <li>INVALID: properties the model refuses, an unknown credential type, scopes that do not
 *       exist, a bad page cursor.
 * </ul>
 *
 * <pre>{@code
 * IdentityManager manager =
 *     new DefaultIdentityManager(store, models, secrets, cryptoWorker, cache::invalidate, clock);
 * }</pre>
 */
public final class DefaultIdentityManager implements IdentityManager {

  private static final Set<String> TYPES =
      Set.of(Credential.BASIC_AUTH, Credential.KEY_AUTH, Credential.OAUTH2, Credential.JWT);

  /** Fields the gateway sets; ignored when a body carries them, as EG overwrote them. */
  private static final Set<String> USER_FIELDS = Set.of("id", "isActive", "createdAt", "updatedAt");

  /** Kept as they are by an update: the username is immutable and silently kept (EG). */
  private static final Set<String> USER_KEPT =
      Set.of("id", "username", "isActive", "createdAt", "updatedAt");

  private static final Set<String> APP_FIELDS =
      Set.of("id", "userId", "isActive", "createdAt", "updatedAt");

  private static final Set<String> CREDENTIAL_FIELDS =
      Set.of("id", "type", "consumerId", "isActive", "createdAt", "updatedAt");

  private final IdentityStore store;
  private final IdentityModels models;
  private final Secrets secrets;
  private final WorkerExecutor crypto;
  private final java.util.function.Consumer<String> changes;
  private final Clock clock;
  private final OAuth2Admin oauth2;

  /**
   * @param crypto where bcrypt hashing runs (never an event loop)
   * @param changes told the {@link IdentityChanges} of every write, after the store acknowledged it
   */
  public DefaultIdentityManager(
      IdentityStore store,
      IdentityModels models,
      Secrets secrets,
      WorkerExecutor crypto,
      java.util.function.Consumer<String> changes,
      Clock clock) {
    this(store, models, secrets, crypto, changes, clock, null);
  }

  /**
   * @param oauth2 the token service's revocation and key rotation; null when there is none
   */
  public DefaultIdentityManager(
      IdentityStore store,
      IdentityModels models,
      Secrets secrets,
      WorkerExecutor crypto,
      java.util.function.Consumer<String> changes,
      Clock clock,
      OAuth2Admin oauth2) {
    this.oauth2 = oauth2;
    this.store = store;
    this.models = models;
    this.secrets = secrets;
    this.crypto = crypto;
    this.changes = changes;
    this.clock = clock;
  }

  @Override
  public OAuth2Admin oauth2() {
    return oauth2 != null ? oauth2 : IdentityManager.super.oauth2();
  }

  // --- users

  @Override
  public Future<JsonObject> createUser(JsonObject properties) {
    return attempt(() -> newUser(properties))
        .compose(store::insertUser)
        .map(
            user ->
                told(
                    IdentityViews.user(user),
                    IdentityChanges.user(user.id()),
                    IdentityChanges.username(user.username())));
  }

  private UserRecord newUser(JsonObject properties) {
    JsonObject given = body(properties);
    USER_FIELDS.forEach(given::remove);
    if (!(given.remove("username") instanceof String username) || username.isBlank()) {
      throw IdentityException.invalid("username is required: a non-empty text");
    }
    refuseUndeclared(models.users(), given);
    String now = EgDates.now(clock);
    return new UserRecord(
        RandomValues.uuid(), username, true, now, now, userProperties(given, username));
  }

  /** Validates a user's model properties; the username goes along when the model declares it. */
  private JsonObject userProperties(JsonObject properties, String username) {
    Model model = models.users();
    JsonObject instance = properties.copy();
    if (model.declares("username")) {
      instance.put("username", username);
    }
    return model.validate(instance).put("username", username);
  }

  @Override
  public Future<JsonObject> user(String idOrUsername) {
    return findUser(idOrUsername).map(IdentityViews::user);
  }

  @Override
  public Future<JsonObject> updateUser(String idOrUsername, JsonObject properties) {
    JsonObject update = updateOf(properties, USER_KEPT);
    return findUser(idOrUsername)
        .compose(
            user ->
                replaceUpdated(
                    user,
                    update,
                    this::updatedUser,
                    store::replaceUser,
                    replaced -> IdentityChanges.user(replaced.id())))
        .map(IdentityViews::user);
  }

  private UserRecord updatedUser(UserRecord user, JsonObject update) {
    JsonObject merged = merge(models.users(), user.properties(), update);
    merged.remove("username");
    return new UserRecord(
        user.id(),
        user.username(),
        user.active(),
        user.createdAt(),
        EgDates.now(clock),
        userProperties(merged, user.username()));
  }

  @Override
  public Future<Void> deleteUser(String idOrUsername) {
    return findUser(idOrUsername)
        .compose(
            user ->
                store
                    .appsOfUser(user.id())
                    .compose(
                        apps ->
                            store
                                .deleteUser(user.id())
                                .map(
                                    deleted -> {
                                      apps.forEach(app -> changed(IdentityChanges.app(app.id())));
                                      return told(
                                          null,
                                          IdentityChanges.user(user.id()),
                                          IdentityChanges.username(user.username()),
                                          IdentityChanges.CREDENTIALS);
                                    })));
  }

  /**
   * Deactivating a user first deactivates its applications, then the user: should the gateway stop
   * between the two, the user is still active but its applications are not, never the reverse.
   * Re-activating a user leaves its applications as they are (EG).
   */
  @Override
  public Future<String> setUserActive(String idOrUsername, boolean active) {
    return findUser(idOrUsername)
        .compose(
            user ->
                activation(
                    user.active(),
                    active,
                    () ->
                        (active ? Future.<Void>succeededFuture() : deactivateAppsOf(user.id()))
                            .compose(
                                v ->
                                    store.replaceUser(
                                        new UserRecord(
                                            user.id(),
                                            user.username(),
                                            active,
                                            user.createdAt(),
                                            EgDates.now(clock),
                                            user.properties())))
                            .map(replaced -> told(replaced, IdentityChanges.user(replaced.id())))));
  }

  private Future<Void> deactivateAppsOf(String userId) {
    return store
        .appsOfUser(userId)
        .compose(
            apps -> {
              Future<Void> chain = Future.succeededFuture();
              for (AppRecord app : apps) {
                if (app.active()) {
                  chain = chain.compose(v -> replaceActive(app, false).mapEmpty());
                }
              }
              return chain;
            });
  }

  @Override
  public Future<Page<JsonObject>> users(String start, int count) {
    return store.users(start, count).map(page -> page.map(IdentityViews::user));
  }

  /** By username first, then by id, as EG's {@code findByUsernameOrId}. */
  private Future<UserRecord> findUser(String idOrUsername) {
    List<Supplier<Future<Optional<UserRecord>>>> lookups =
        List.of(() -> store.userByName(idOrUsername), () -> store.user(idOrUsername));
    return firstFound(lookups)
        .compose(found -> orNotFound(found, "User not found: " + idOrUsername));
  }

  // --- applications

  @Override
  public Future<JsonObject> createApp(JsonObject properties) {
    JsonObject given = properties == null ? new JsonObject() : properties.copy();
    Object owner = given.remove("userId");
    APP_FIELDS.forEach(given::remove);
    return attempt(() -> validApp(given, owner))
        .compose(valid -> findUser((String) owner).map(user -> newApp(user, valid)))
        .compose(store::insertApp)
        .map(app -> told(IdentityViews.app(app), IdentityChanges.app(app.id())));
  }

  private JsonObject validApp(JsonObject given, Object owner) {
    if (!(owner instanceof String userId) || userId.isBlank()) {
      throw IdentityException.invalid("userId is required: the id or username of the owner");
    }
    refuseUndeclared(models.applications(), given);
    JsonObject valid = models.applications().validate(given);
    appName(valid);
    return valid;
  }

  private AppRecord newApp(UserRecord user, JsonObject properties) {
    String now = EgDates.now(clock);
    return new AppRecord(
        RandomValues.uuid(), appName(properties), user.id(), true, now, now, properties);
  }

  private static String appName(JsonObject properties) {
    if (!(properties.getValue("name") instanceof String name) || name.isBlank()) {
      throw IdentityException.invalid("name is required: a non-empty text");
    }
    return name;
  }

  @Override
  public Future<JsonObject> app(String idOrName) {
    return findApp(idOrName).map(IdentityViews::app);
  }

  @Override
  public Future<JsonObject> updateApp(String idOrName, JsonObject properties) {
    JsonObject update = updateOf(properties, APP_FIELDS);
    return findApp(idOrName)
        .compose(
            app ->
                replaceUpdated(
                    app,
                    update,
                    this::updatedApp,
                    store::replaceApp,
                    replaced -> IdentityChanges.app(replaced.id())))
        .map(IdentityViews::app);
  }

  private AppRecord updatedApp(AppRecord app, JsonObject update) {
    Model model = models.applications();
    JsonObject valid = model.validate(merge(model, app.properties(), update));
    return new AppRecord(
        app.id(),
        appName(valid),
        app.userId(),
        app.active(),
        app.createdAt(),
        EgDates.now(clock),
        valid);
  }

  @Override
  public Future<Void> deleteApp(String idOrName) {
    return findApp(idOrName)
        .compose(
            app ->
                store
                    .deleteApp(app.id())
                    .map(
                        deleted ->
                            told(
                                null, IdentityChanges.app(app.id()), IdentityChanges.CREDENTIALS)));
  }

  @Override
  public Future<String> setAppActive(String idOrName, boolean active) {
    return findApp(idOrName)
        .compose(app -> activation(app.active(), active, () -> replaceActive(app, active)));
  }

  private Future<AppRecord> replaceActive(AppRecord app, boolean active) {
    return store
        .replaceApp(
            new AppRecord(
                app.id(),
                app.name(),
                app.userId(),
                active,
                app.createdAt(),
                EgDates.now(clock),
                app.properties()))
        .map(replaced -> told(replaced, IdentityChanges.app(replaced.id())));
  }

  @Override
  public Future<Page<JsonObject>> apps(String start, int count) {
    return store.apps(start, count).map(page -> page.map(IdentityViews::app));
  }

  /** By id, else by name when exactly one application has it. */
  private Future<AppRecord> findApp(String idOrName) {
    return store
        .app(idOrName)
        .compose(
            byId ->
                byId.isPresent()
                    ? Future.succeededFuture(byId)
                    : store.appsByName(idOrName).map(named -> single(named, idOrName)))
        .compose(found -> orNotFound(found, "Application not found: " + idOrName));
  }

  private static Optional<AppRecord> single(List<AppRecord> named, String name) {
    if (named.size() > 1) {
      throw IdentityException.conflict(
          named.size() + " applications are named '" + name + "': use the application's id");
    }
    return named.stream().findFirst();
  }

  // --- credentials

  @Override
  public Future<JsonObject> createCredential(String consumer, String type, JsonObject credential) {
    return attempt(() -> new CredentialRequest(type, credential))
        .compose(
            request ->
                consumerId(consumer)
                    .compose(id -> precheck(request, id).map(id))
                    .compose(id -> create(request, id)));
  }

  /** A credential body, split into its model properties, scopes and secret fields. */
  private final class CredentialRequest {
    final String type;
    final Set<String> scopes;
    final JsonObject properties;
    final String secretField;
    final String secret;
    final String keyId;

    CredentialRequest(String type, JsonObject credential) {
      this.type = requireType(type);
      Model model =
          models
              .credential(type)
              .orElseThrow(
                  () ->
                      IdentityException.invalid(
                          "Invalid credential type: "
                              + type
                              + " (not in models/credentials.json)"));
      JsonObject given = body(credential);
      CREDENTIAL_FIELDS.forEach(given::remove);
      this.scopes = scopeSet(given.remove("scopes"));
      if (keyType(type)) {
        this.secretField = "keySecret";
        this.keyId = optionalText(given.remove("keyId"), "keyId");
      } else {
        this.secretField =
            model
                .textDefault("passwordKey")
                .orElse(Credential.BASIC_AUTH.equals(type) ? "password" : "secret");
        this.keyId = null;
      }
      this.secret = optionalText(given.remove(secretField), secretField);
      refuseUndeclared(model, given);
      this.properties = model.validate(given);
      if (!keyType(type)
          && secret == null
          && !properties.getBoolean("autoGeneratePassword", true)) {
        throw IdentityException.invalid(secretField + " is required");
      }
    }
  }

  /** Cheap refusals before any bcrypt: scopes that do not exist, an active credential in place. */
  private Future<Void> precheck(CredentialRequest request, String consumerId) {
    Future<Void> scopes =
        store
            .scopes()
            .compose(
                existing ->
                    existing.containsAll(request.scopes)
                        ? Future.succeededFuture()
                        : Future.failedFuture(
                            IdentityException.invalid("One or more scopes don't exist")));
    if (keyType(request.type)) {
      return scopes;
    }
    return scopes
        .compose(v -> store.credential(request.type, consumerId))
        .compose(
            existing ->
                existing.filter(CredentialRecord::active).isPresent()
                    ? Future.failedFuture(
                        IdentityException.conflict("Credential already exists and is active"))
                    : Future.succeededFuture());
  }

  private Future<JsonObject> create(CredentialRequest request, String consumerId) {
    boolean generated = request.secret == null;
    String secret =
        generated
            ? (keyType(request.type) ? RandomValues.base62() : RandomValues.uuid())
            : request.secret;
    String id =
        keyType(request.type)
            ? (request.keyId == null ? RandomValues.base62() : request.keyId)
            : consumerId;
    String now = EgDates.now(clock);
    return storedSecret(request.type, id, secret)
        .map(
            stored ->
                new CredentialRecord(
                    request.type,
                    id,
                    consumerId,
                    true,
                    request.scopes,
                    stored,
                    now,
                    now,
                    request.properties))
        .compose(store::insertCredential)
        .map(
            inserted -> {
              JsonObject view =
                  told(
                      IdentityViews.credential(inserted),
                      IdentityChanges.credential(inserted.type(), inserted.id()));
              // Shown this once: a key secret always, a password or client secret when generated.
              if (keyType(request.type) || generated) {
                view.put(request.secretField, secret);
              }
              return view;
            });
  }

  private Future<String> storedSecret(String type, String id, String secret) {
    return switch (type) {
      case Credential.KEY_AUTH -> Future.succeededFuture(secrets.hashKeySecret(secret));
      case Credential.JWT -> Future.succeededFuture(secrets.encryptShared(id, secret));
      default -> crypto.executeBlocking(() -> secrets.hashPassword(secret), false);
    };
  }

  @Override
  public Future<Optional<JsonObject>> credential(String type, String id) {
    return storedCredential(type, id).map(found -> found.map(IdentityViews::credential));
  }

  @Override
  public Future<List<JsonObject>> credentialsOf(String consumer) {
    return consumerId(consumer)
        .compose(store::credentialsOf)
        .map(found -> found.stream().map(IdentityViews::credential).toList());
  }

  @Override
  public Future<List<JsonObject>> credentials() {
    return store.credentials().map(found -> found.stream().map(IdentityViews::credential).toList());
  }

  @Override
  public Future<String> setCredentialActive(String type, String id, boolean active) {
    return findCredential(type, id)
        .compose(
            credential ->
                activation(
                    credential.active(),
                    active,
                    () -> replaceCredential(credential, active, credential.scopes())));
  }

  @Override
  public Future<Void> setCredentialScopes(String type, String id, Set<String> scopes) {
    return attempt(() -> scopeSet(scopes == null ? null : new JsonArray(new ArrayList<>(scopes))))
        .compose(
            wanted ->
                findCredential(type, id).compose(c -> replaceCredential(c, c.active(), wanted)))
        .mapEmpty();
  }

  @Override
  public Future<Void> addCredentialScope(String type, String id, String scope) {
    return editScopes(type, id, scopes -> scopes.add(scope));
  }

  @Override
  public Future<Void> removeCredentialScope(String type, String id, String scope) {
    return editScopes(type, id, scopes -> scopes.remove(scope));
  }

  /**
   * Applies an edit to a credential's scopes; stores the credential only when the edit changed
   * them.
   */
  private Future<Void> editScopes(String type, String id, Predicate<Set<String>> edit) {
    return findCredential(type, id)
        .compose(
            credential -> {
              Set<String> scopes = new TreeSet<>(credential.scopes());
              return edit.test(scopes)
                  ? replaceCredential(credential, credential.active(), scopes)
                  : Future.succeededFuture(credential);
            })
        .mapEmpty();
  }

  @Override
  public Future<Void> deleteCredential(String type, String id) {
    return attempt(() -> requireType(type))
        .compose(t -> store.deleteCredential(t, id))
        .compose(
            deleted -> {
              if (!deleted) {
                return Future.failedFuture(
                    IdentityException.notFound("Credential not found: " + type + " " + id));
              }
              changed(IdentityChanges.credential(type, id));
              return Future.succeededFuture();
            });
  }

  private Future<CredentialRecord> findCredential(String type, String id) {
    return storedCredential(type, id)
        .compose(found -> orNotFound(found, "Credential not found: " + type + " " + id));
  }

  private Future<Optional<CredentialRecord>> storedCredential(String type, String id) {
    return attempt(() -> requireType(type)).compose(t -> store.credential(t, id));
  }

  private Future<CredentialRecord> replaceCredential(
      CredentialRecord credential, boolean active, Set<String> scopes) {
    return store
        .replaceCredential(
            new CredentialRecord(
                credential.type(),
                credential.id(),
                credential.consumerId(),
                active,
                scopes,
                credential.secret(),
                credential.createdAt(),
                EgDates.now(clock),
                credential.properties()))
        .map(
            replaced -> told(replaced, IdentityChanges.credential(replaced.type(), replaced.id())));
  }

  /**
   * The id of a consumer named by user id, application id, username or application name (EG's order
   * for {@code POST /credentials}).
   */
  private Future<String> consumerId(String consumer) {
    if (consumer == null || consumer.isBlank()) {
      return Future.failedFuture(
          IdentityException.invalid("consumerId is required: a user or application id or name"));
    }
    List<Supplier<Future<Optional<String>>>> lookups =
        List.of(
            () -> store.user(consumer).map(found -> found.map(UserRecord::id)),
            () -> store.app(consumer).map(found -> found.map(AppRecord::id)),
            () -> store.userByName(consumer).map(found -> found.map(UserRecord::id)),
            () ->
                store
                    .appsByName(consumer)
                    .map(named -> single(named, consumer).map(AppRecord::id)));
    return firstFound(lookups)
        .compose(found -> orNotFound(found, "No consumer found with id: " + consumer));
  }

  private static String requireType(String type) {
    if (type == null || !TYPES.contains(type)) {
      throw IdentityException.invalid(
          "Invalid credential type: " + type + " (basic-auth, key-auth, oauth2 or jwt)");
    }
    return type;
  }

  private static boolean keyType(String type) {
    return Credential.KEY_AUTH.equals(type) || Credential.JWT.equals(type);
  }

  /** Scopes as a body gives them: absent, one text, or an array of texts. */
  private static Set<String> scopeSet(Object scopes) {
    Set<String> set = new LinkedHashSet<>();
    if (scopes == null) {
      return set;
    }
    if (scopes instanceof String scope) {
      set.add(scope);
      return set;
    }
    if (scopes instanceof JsonArray array) {
      for (Object scope : array) {
        if (!(scope instanceof String text) || text.isEmpty()) {
          throw IdentityException.invalid("scopes must be non-empty texts");
        }
        set.add(text);
      }
      return set;
    }
    throw IdentityException.invalid("scopes must be a text or an array of texts");
  }

  // --- scopes

  @Override
  public Future<Set<String>> scopes() {
    return store.scopes();
  }

  @Override
  public Future<Void> createScopes(Set<String> scopes) {
    return attempt(() -> scopeSet(scopes == null ? null : new JsonArray(new ArrayList<>(scopes))))
        .compose(store::insertScopes)
        .map(v -> told(v, IdentityChanges.SCOPES));
  }

  @Override
  public Future<Boolean> scopeExists(String scope) {
    return store.scopes().map(scopes -> scopes.contains(scope));
  }

  @Override
  public Future<Void> deleteScope(String scope) {
    return store
        .deleteScope(scope)
        .map(v -> told(v, IdentityChanges.SCOPES, IdentityChanges.CREDENTIALS));
  }

  // --- shared

  private void changed(String... names) {
    for (String name : names) {
      changes.accept(name);
    }
  }

  /** Passes a value on once the cache has been told of the changes it stands for. */
  private <T> T told(T value, String... names) {
    changed(names);
    return value;
  }

  /**
   * Stores an update of a record and tells the cache; an empty update leaves the record as it is.
   *
   * @param updated the record with the update applied (throws when the update is invalid)
   * @param change the name the cache knows the replaced record by
   */
  private <R> Future<R> replaceUpdated(
      R record,
      JsonObject update,
      BiFunction<R, JsonObject, R> updated,
      Function<R, Future<R>> replace,
      Function<R, String> change) {
    if (update.isEmpty()) {
      return Future.succeededFuture(record);
    }
    return attempt(() -> updated.apply(record, update))
        .compose(replace)
        .map(replaced -> told(replaced, change.apply(replaced)));
  }

  /**
   * EG's answer to an activation or deactivation: "Active"/"Inactive" when the record already was,
   * else "Activated"/"Deactivated" once the change is stored.
   */
  private static Future<String> activation(
      boolean current, boolean wanted, Supplier<Future<?>> change) {
    if (current == wanted) {
      return Future.succeededFuture(wanted ? "Active" : "Inactive");
    }
    return change.get().map(wanted ? "Activated" : "Deactivated");
  }

  private static JsonObject body(JsonObject properties) {
    return properties == null ? new JsonObject() : properties.copy();
  }

  /** An update's body without the fields the gateway keeps as they are. */
  private static JsonObject updateOf(JsonObject properties, Set<String> kept) {
    JsonObject update = body(properties);
    kept.forEach(update::remove);
    return update;
  }

  /**
   * The stored properties with an update applied; a null value removes a property. Refuses an
   * update of properties the model does not declare or declares immutable.
   */
  private static JsonObject merge(Model model, JsonObject stored, JsonObject update) {
    refuseUndeclared(model, update);
    refuseImmutable(model, update);
    JsonObject merged = stored == null ? new JsonObject() : stored.copy();
    update.forEach(
        property -> {
          if (property.getValue() == null) {
            merged.remove(property.getKey());
          } else {
            merged.put(property.getKey(), property.getValue());
          }
        });
    return merged;
  }

  private static void refuseUndeclared(Model model, JsonObject properties) {
    List<String> unknown = model.undeclared(properties.fieldNames());
    if (!unknown.isEmpty()) {
      throw IdentityException.invalid(
          "one or more properties is invalid: "
              + String.join(", ", unknown)
              + " ("
              + model.name()
              + " declares "
              + String.join(", ", model.properties())
              + ")");
    }
  }

  private static void refuseImmutable(Model model, JsonObject update) {
    List<String> immutable =
        update.fieldNames().stream().filter(model::immutable).sorted().toList();
    if (!immutable.isEmpty()) {
      throw IdentityException.invalid(
          "one or more properties is immutable: " + String.join(", ", immutable));
    }
  }

  private static String optionalText(Object value, String name) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isEmpty()) {
      throw IdentityException.invalid(name + " must be a non-empty text");
    }
    return text;
  }

  /** The first lookup that finds something, trying them in order. */
  private static <T> Future<Optional<T>> firstFound(List<Supplier<Future<Optional<T>>>> lookups) {
    Future<Optional<T>> result = Future.succeededFuture(Optional.empty());
    for (Supplier<Future<Optional<T>>> lookup : lookups) {
      result =
          result.compose(found -> found.isPresent() ? Future.succeededFuture(found) : lookup.get());
    }
    return result;
  }

  private static <T> Future<T> orNotFound(Optional<T> found, String message) {
    return found
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(IdentityException.notFound(message)));
  }

  /** Runs a synchronous step, turning what it throws into a failed future. */
  private static <T> Future<T> attempt(Callable<T> step) {
    try {
      return Future.succeededFuture(step.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
}
