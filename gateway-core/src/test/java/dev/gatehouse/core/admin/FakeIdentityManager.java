package dev.gatehouse.core.admin;

import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.IdentityManager;
import dev.gatehouse.core.identity.OAuth2Admin;
import dev.gatehouse.core.identity.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A small in-memory {@link IdentityManager} with Express Gateway's rules, for testing the Admin
 * API's identity endpoints on the wire until the real manager is merged. Pages are numeric cursors
 * (the index of the first item), as Redis SCAN's are.
 */
final class FakeIdentityManager implements IdentityManager {

  private static final Set<String> TYPES = Set.of("basic-auth", "key-auth", "oauth2", "jwt");

  private final Map<String, JsonObject> users = new LinkedHashMap<>();
  private final Map<String, JsonObject> apps = new LinkedHashMap<>();
  private final Map<String, JsonObject> credentials = new LinkedHashMap<>();
  private final Set<String> scopes = new TreeSet<>();
  private final Set<String> tokens = new TreeSet<>(Set.of("abc|def"));
  private int rotations;

  /** Knows one token, {@code abc|def}; each rotation names a new key {@code kid-<n>}. */
  @Override
  public OAuth2Admin oauth2() {
    return new OAuth2Admin() {
      @Override
      public Future<Boolean> revokeToken(String token) {
        synchronized (FakeIdentityManager.this) {
          return Future.succeededFuture(tokens.remove(token));
        }
      }

      @Override
      public Future<String> rotateSigningKey() {
        synchronized (FakeIdentityManager.this) {
          return Future.succeededFuture("kid-" + ++rotations);
        }
      }
    };
  }

  @Override
  public synchronized Future<JsonObject> createUser(JsonObject properties) {
    return run(
        () -> {
          for (String required : List.of("username", "firstname", "lastname")) {
            if (!(properties.getValue(required) instanceof String)) {
              throw IdentityException.invalid(
                  "data should have required property '" + required + "'");
            }
          }
          if (findUser(properties.getString("username")).isPresent()) {
            throw IdentityException.conflict("username already exists");
          }
          JsonObject user = system(properties.copy());
          users.put(user.getString("id"), user);
          return user.copy();
        });
  }

  @Override
  public synchronized Future<JsonObject> user(String idOrUsername) {
    return run(() -> requireUser(idOrUsername).copy());
  }

  @Override
  public synchronized Future<JsonObject> updateUser(String idOrUsername, JsonObject properties) {
    return run(() -> update(requireUser(idOrUsername), properties, Set.of("id", "username")));
  }

  @Override
  public synchronized Future<Void> deleteUser(String idOrUsername) {
    return run(
        () -> {
          String id = requireUser(idOrUsername).getString("id");
          users.remove(id);
          apps.values().removeIf(a -> a.getString("userId").equals(id));
          credentials.values().removeIf(c -> !consumerExists(c.getString("consumerId")));
          return null;
        });
  }

  @Override
  public synchronized Future<String> setUserActive(String idOrUsername, boolean active) {
    return run(
        () -> {
          JsonObject user = requireUser(idOrUsername);
          String answer = setActive(user, active);
          if (!active) {
            apps.values().stream()
                .filter(a -> a.getString("userId").equals(user.getString("id")))
                .forEach(a -> a.put("isActive", false));
          }
          return answer;
        });
  }

  @Override
  public synchronized Future<Page<JsonObject>> users(String start, int count) {
    return run(() -> page(new ArrayList<>(users.values()), start, count));
  }

  @Override
  public synchronized Future<JsonObject> createApp(JsonObject properties) {
    return run(
        () -> {
          if (!(properties.getValue("userId") instanceof String owner)) {
            throw IdentityException.invalid("data should have required property 'userId'");
          }
          if (!(properties.getValue("name") instanceof String name)) {
            throw IdentityException.invalid("data should have required property 'name'");
          }
          String userId =
              findUser(owner)
                  .orElseThrow(() -> IdentityException.notFound("user does not exist: " + owner))
                  .getString("id");
          boolean taken =
              apps.values().stream()
                  .anyMatch(
                      a ->
                          a.getString("userId").equals(userId) && a.getString("name").equals(name));
          if (taken) {
            throw IdentityException.conflict("application name already exists for this user");
          }
          JsonObject app = system(properties.copy().put("userId", userId));
          apps.put(app.getString("id"), app);
          return app.copy();
        });
  }

  @Override
  public synchronized Future<JsonObject> app(String idOrName) {
    return run(() -> requireApp(idOrName).copy());
  }

  @Override
  public synchronized Future<JsonObject> updateApp(String idOrName, JsonObject properties) {
    return run(() -> update(requireApp(idOrName), properties, Set.of("id", "userId")));
  }

  @Override
  public synchronized Future<Void> deleteApp(String idOrName) {
    return run(
        () -> {
          String id = requireApp(idOrName).getString("id");
          apps.remove(id);
          credentials.values().removeIf(c -> c.getString("consumerId").equals(id));
          return null;
        });
  }

  @Override
  public synchronized Future<String> setAppActive(String idOrName, boolean active) {
    return run(() -> setActive(requireApp(idOrName), active));
  }

  @Override
  public synchronized Future<Page<JsonObject>> apps(String start, int count) {
    return run(() -> page(new ArrayList<>(apps.values()), start, count));
  }

  @Override
  public synchronized Future<JsonObject> createCredential(
      String consumer, String type, JsonObject credential) {
    return run(
        () -> {
          String consumerId =
              consumerIdOf(consumer)
                  .orElseThrow(
                      () -> IdentityException.notFound("No consumer found with id: " + consumer));
          if (!TYPES.contains(type)) {
            throw IdentityException.invalid("invalid credential type: " + type);
          }
          Set<String> wanted = scopesOf(credential);
          requireScopes(wanted);
          JsonObject view =
              new JsonObject()
                  .put("type", type)
                  .put("consumerId", consumerId)
                  .put("isActive", true)
                  .put("scopes", new JsonArray(List.copyOf(wanted)));
          JsonObject shown = view.copy();
          if (type.equals("basic-auth") || type.equals("oauth2")) {
            if (credentials.containsKey(type + ":" + consumerId)) {
              throw IdentityException.conflict("Credential already exists and is active");
            }
            view.put("id", consumerId);
            String secretKey = type.equals("oauth2") ? "secret" : "password";
            shown.put("id", consumerId).put(secretKey, UUID.randomUUID().toString());
          } else {
            String keyId = credential.getString("keyId", UUID.randomUUID().toString());
            view.put("id", keyId).put("keyId", keyId);
            shown
                .put("id", keyId)
                .put("keyId", keyId)
                .put("keySecret", UUID.randomUUID().toString());
          }
          credentials.put(type + ":" + view.getString("id"), view);
          return shown;
        });
  }

  @Override
  public synchronized Future<Optional<JsonObject>> credential(String type, String id) {
    return run(() -> Optional.ofNullable(credentials.get(type + ":" + id)).map(JsonObject::copy));
  }

  @Override
  public synchronized Future<List<JsonObject>> credentialsOf(String consumer) {
    return run(
        () -> {
          String id =
              consumerIdOf(consumer)
                  .orElseThrow(() -> IdentityException.notFound("Consumer not found: " + consumer));
          return credentials.values().stream()
              .filter(c -> c.getString("consumerId").equals(id))
              .map(JsonObject::copy)
              .toList();
        });
  }

  @Override
  public synchronized Future<List<JsonObject>> credentials() {
    return run(() -> credentials.values().stream().map(JsonObject::copy).toList());
  }

  @Override
  public synchronized Future<String> setCredentialActive(String type, String id, boolean active) {
    return run(() -> setActive(requireCredential(type, id), active));
  }

  @Override
  public synchronized Future<Void> setCredentialScopes(String type, String id, Set<String> wanted) {
    return run(
        () -> {
          JsonObject credential = requireCredential(type, id);
          requireScopes(wanted);
          credential.put("scopes", new JsonArray(List.copyOf(new TreeSet<>(wanted))));
          return null;
        });
  }

  @Override
  public synchronized Future<Void> addCredentialScope(String type, String id, String scope) {
    return run(
        () -> {
          JsonObject credential = requireCredential(type, id);
          requireScopes(Set.of(scope));
          credential.put("scopes", edited(credential, held -> held.add(scope)));
          return null;
        });
  }

  @Override
  public synchronized Future<Void> removeCredentialScope(String type, String id, String scope) {
    return run(
        () -> {
          JsonObject credential = requireCredential(type, id);
          credential.put("scopes", edited(credential, held -> held.remove(scope)));
          return null;
        });
  }

  @Override
  public synchronized Future<Void> deleteCredential(String type, String id) {
    return run(
        () -> {
          requireCredential(type, id);
          credentials.remove(type + ":" + id);
          return null;
        });
  }

  @Override
  public synchronized Future<Set<String>> scopes() {
    return run(() -> Set.copyOf(scopes));
  }

  @Override
  public synchronized Future<Void> createScopes(Set<String> created) {
    return run(
        () -> {
          if (created.stream().anyMatch(scopes::contains)) {
            throw IdentityException.conflict("One or more scopes already exist.");
          }
          scopes.addAll(created);
          return null;
        });
  }

  @Override
  public synchronized Future<Boolean> scopeExists(String scope) {
    return run(() -> scopes.contains(scope));
  }

  @Override
  public synchronized Future<Void> deleteScope(String scope) {
    return run(
        () -> {
          if (!scopes.remove(scope)) {
            throw IdentityException.notFound("scope not found: " + scope);
          }
          credentials.values().forEach(c -> c.put("scopes", edited(c, held -> held.remove(scope))));
          return null;
        });
  }

  /** Sets every property but the immutable ones, which EG silently keeps. */
  private static JsonObject update(JsonObject record, JsonObject properties, Set<String> kept) {
    properties.forEach(
        p -> {
          if (!kept.contains(p.getKey())) {
            record.put(p.getKey(), p.getValue());
          }
        });
    return record.copy();
  }

  /** A credential's scopes after {@code edit}, sorted. */
  private static JsonArray edited(JsonObject credential, Consumer<Set<String>> edit) {
    Set<String> held = scopesOf(credential);
    edit.accept(held);
    return new JsonArray(List.copyOf(held));
  }

  private static <T> Future<T> run(Callable<T> operation) {
    try {
      return Future.succeededFuture(operation.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static JsonObject system(JsonObject properties) {
    String now = "Sat Nov 28 2026 15:35:14 GMT+0000 (Coordinated Universal Time)";
    return properties
        .put("id", UUID.randomUUID().toString())
        .put("isActive", true)
        .put("createdAt", now)
        .put("updatedAt", now);
  }

  private static String setActive(JsonObject record, boolean active) {
    if (record.getBoolean("isActive") == active) {
      return active ? "Active" : "Inactive";
    }
    record.put("isActive", active);
    return active ? "Activated" : "Deactivated";
  }

  private static Page<JsonObject> page(List<JsonObject> all, String start, int count) {
    int from = Integer.parseInt(start);
    int to = Math.min(all.size(), from + count);
    List<JsonObject> items = from >= all.size() ? List.of() : all.subList(from, to);
    return new Page<>(
        items.stream().map(JsonObject::copy).toList(), to < all.size() ? String.valueOf(to) : "0");
  }

  private Optional<JsonObject> findUser(String idOrUsername) {
    JsonObject byId = users.get(idOrUsername);
    if (byId != null) {
      return Optional.of(byId);
    }
    return users.values().stream()
        .filter(u -> u.getString("username").equals(idOrUsername))
        .findFirst();
  }

  private JsonObject requireUser(String idOrUsername) {
    return findUser(idOrUsername)
        .orElseThrow(() -> IdentityException.notFound("User not found: " + idOrUsername));
  }

  private Optional<JsonObject> findApp(String idOrName) {
    JsonObject byId = apps.get(idOrName);
    if (byId != null) {
      return Optional.of(byId);
    }
    List<JsonObject> named =
        apps.values().stream().filter(a -> a.getString("name").equals(idOrName)).toList();
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }

  private JsonObject requireApp(String idOrName) {
    return findApp(idOrName)
        .orElseThrow(() -> IdentityException.notFound("Application not found: " + idOrName));
  }

  private Optional<String> consumerIdOf(String consumer) {
    return findUser(consumer).or(() -> findApp(consumer)).map(c -> c.getString("id"));
  }

  private boolean consumerExists(String id) {
    return users.containsKey(id) || apps.containsKey(id);
  }

  private JsonObject requireCredential(String type, String id) {
    JsonObject credential = credentials.get(type + ":" + id);
    if (credential == null) {
      throw IdentityException.notFound("No credential found with id: " + id);
    }
    return credential;
  }

  private void requireScopes(Set<String> wanted) {
    if (!scopes.containsAll(wanted)) {
      throw IdentityException.invalid("One or more scopes don't exist");
    }
  }

  private static Set<String> scopesOf(JsonObject credential) {
    JsonArray held = credential.getJsonArray("scopes");
    Set<String> result = new TreeSet<>();
    if (held != null) {
      held.forEach(s -> result.add(String.valueOf(s)));
    }
    return result;
  }
}
