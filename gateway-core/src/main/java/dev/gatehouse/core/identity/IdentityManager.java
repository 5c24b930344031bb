package dev.gatehouse.core.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The identity operations of Express Gateway's Admin API and CLI (compat section 5.1), with its
 * rules: model validation ({@code models/*.json}), secrets hashed or generated, the activation
 * cascade, lookups by id or name. Results are the JSON shapes the Admin API returns; failures are
 * {@link IdentityException}s. Every write invalidates the affected cache entries at once.
 *
 * <pre>{@code
 * manager.createUser(new JsonObject().put("username", "ada").put("firstname", "Ada")
 *     .put("lastname", "Lovelace"))
 *   .compose(user -> manager.createCredential(user.getString("id"), "key-auth", new JsonObject()));
 * }</pre>
 */
public interface IdentityManager {

  /** Creates a user from model properties; the view with {@code id}, {@code isActive}… */
  Future<JsonObject> createUser(JsonObject properties);

  /** A user by id or username. */
  Future<JsonObject> user(String idOrUsername);

  /** Updates model properties (the username is immutable and silently kept, as in EG). */
  Future<JsonObject> updateUser(String idOrUsername, JsonObject properties);

  /** Deletes a user, its applications and all their credentials. */
  Future<Void> deleteUser(String idOrUsername);

  /**
   * Activates or deactivates a user (deactivating also deactivates its applications).
   *
   * @return {@code Activated}, {@code Deactivated}, or {@code Active}/{@code Inactive} when
   *     unchanged, as EG answers
   */
  Future<String> setUserActive(String idOrUsername, boolean active);

  Future<Page<JsonObject>> users(String start, int count);

  /** Creates an application for {@code properties.userId} (a user id or username). */
  Future<JsonObject> createApp(JsonObject properties);

  /** An application by id, or by name when that name is unambiguous. */
  Future<JsonObject> app(String idOrName);

  Future<JsonObject> updateApp(String idOrName, JsonObject properties);

  Future<Void> deleteApp(String idOrName);

  Future<String> setAppActive(String idOrName, boolean active);

  Future<Page<JsonObject>> apps(String start, int count);

  /**
   * Creates a credential for a consumer (user id, username, application id or application name).
   * The view includes a generated password, secret or key secret this once.
   */
  Future<JsonObject> createCredential(String consumer, String type, JsonObject credential);

  /** A credential's view (never its secret), by type and key id or consumer id. */
  Future<Optional<JsonObject>> credential(String type, String id);

  /** The credentials of a consumer (id or name). */
  Future<List<JsonObject>> credentialsOf(String consumer);

  Future<List<JsonObject>> credentials();

  Future<String> setCredentialActive(String type, String id, boolean active);

  Future<Void> setCredentialScopes(String type, String id, Set<String> scopes);

  Future<Void> addCredentialScope(String type, String id, String scope);

  Future<Void> removeCredentialScope(String type, String id, String scope);

  Future<Void> deleteCredential(String type, String id);

  Future<Set<String>> scopes();

  Future<Void> createScopes(Set<String> scopes);

  Future<Boolean> scopeExists(String scope);

  Future<Void> deleteScope(String scope);

  /** Token revocation and key rotation; they fail when this gateway keeps no OAuth 2.0 state. */
  default OAuth2Admin oauth2() {
    return new OAuth2Admin() {
      @Override
      public Future<Boolean> revokeToken(String token) {
        return unsupported();
      }

      @Override
      public Future<String> rotateSigningKey() {
        return unsupported();
      }

      private <T> Future<T> unsupported() {
        return Future.failedFuture(
            new UnsupportedOperationException("this gateway keeps no OAuth 2.0 state"));
      }
    };
  }
}
