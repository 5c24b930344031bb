package dev.gatehouse.core.identity;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where users, applications, credentials and scopes live: the embedded store, the in-memory one
 * ({@code db.redis.emulate}) or Redis. One contract, one test suite for every implementation.
 *
 * <p>Every operation is asynchronous and never blocks an event loop (an implementation doing disk
 * I/O runs it on a worker). The invariants that concurrent writers could break are enforced by the
 * store atomically, and reported as {@link IdentityException}s in the failed future:
 *
 * <ul>
 *   <li>usernames are unique ({@code CONFLICT});
 *   <li>application names are unique per user ({@code CONFLICT}); an application's user exists
 *       ({@code NOT_FOUND});
 *   <li>a consumer has at most one active basic-auth and one active oauth2 credential, key ids of
 *       key-auth and jwt credentials are unique ({@code CONFLICT}); the consumer exists ({@code
 *       NOT_FOUND});
 *   <li>scopes attached to a credential exist, and creating an existing scope is a {@code
 *       CONFLICT};
 *   <li>deleting a user deletes its applications and all their credentials; deleting an application
 *       deletes its credentials; deleting a scope removes it from every credential.
 * </ul>
 *
 * <p>A write acknowledged (future succeeded) survives a crash of the process.
 */
public interface IdentityStore extends AutoCloseable {

  Future<UserRecord> insertUser(UserRecord user);

  Future<Optional<UserRecord>> user(String id);

  Future<Optional<UserRecord>> userByName(String username);

  /** Replaces a user's fields; the username never changes. NOT_FOUND when absent. */
  Future<UserRecord> replaceUser(UserRecord user);

  /** Deletes a user with its applications and their credentials; false when absent. */
  Future<Boolean> deleteUser(String id);

  /**
   * A page of users in a stable order.
   *
   * @param start the cursor of the page ({@code "0"} or null for the first)
   * @param count at most this many
   */
  Future<Page<UserRecord>> users(String start, int count);

  Future<AppRecord> insertApp(AppRecord app);

  Future<Optional<AppRecord>> app(String id);

  /** Applications with this name, of any user. */
  Future<List<AppRecord>> appsByName(String name);

  Future<List<AppRecord>> appsOfUser(String userId);

  Future<AppRecord> replaceApp(AppRecord app);

  /** Deletes an application with its credentials; false when absent. */
  Future<Boolean> deleteApp(String id);

  Future<Page<AppRecord>> apps(String start, int count);

  Future<CredentialRecord> insertCredential(CredentialRecord credential);

  Future<Optional<CredentialRecord>> credential(String type, String id);

  Future<List<CredentialRecord>> credentialsOf(String consumerId);

  /** Every credential of every consumer. */
  Future<List<CredentialRecord>> credentials();

  Future<CredentialRecord> replaceCredential(CredentialRecord credential);

  Future<Boolean> deleteCredential(String type, String id);

  Future<Set<String>> scopes();

  /** Creates scopes; CONFLICT (and nothing created) when any exists. */
  Future<Void> insertScopes(Set<String> scopes);

  /** Deletes a scope and removes it from every credential; NOT_FOUND when absent. */
  Future<Void> deleteScope(String scope);

  /**
   * Tokens, authorization codes, login sessions and signing keys, in the same store (and the same
   * place: file or Redis) as the identities they belong to.
   */
  default GrantStore grants() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no grants");
  }

  /** Answers when the store is reachable (readiness). */
  Future<Void> ping();

  /**
   * Registers a listener told about changes made by other gateway instances sharing this store
   * (Redis pub/sub), so their caches can drop stale entries; the argument names what changed (e.g.
   * {@code user:<id>}, {@code credential:<type>:<id>}, {@code *} for everything). Stores that only
   * one process uses need not call it.
   */
  default void onRemoteChange(Consumer<String> listener) {}

  /** Releases connections and files. */
  @Override
  void close();
}
