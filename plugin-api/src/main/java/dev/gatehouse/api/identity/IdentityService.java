package dev.gatehouse.api.identity;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's identity store as authentication plugins see it: consumers, credentials and scopes,
 * read through a cache so steady traffic costs no store round trip, and secrets verified off the
 * event loop. Obtain it with {@code context.service(IdentityService.class)}.
 *
 * <p>Every method returns a future completed on the caller's context; none blocks. A change made
 * through the Admin API is visible on this gateway at once and on the others of a cluster within a
 * second.
 *
 * <pre>{@code
 * IdentityService identity = context.service(IdentityService.class).orElseThrow();
 * return identity.findCredential(Credential.KEY_AUTH, keyId)
 *     .compose(credential -> ...);
 * }</pre>
 */
public interface IdentityService {

  /** A consumer by id: a user's or an application's. */
  Future<Optional<Consumer>> findConsumerById(String id);

  /**
   * A consumer as Express Gateway's basic-auth looks one up: an application by id, else a user by
   * id, else a user by username.
   */
  Future<Optional<Consumer>> findConsumer(String idOrName);

  /**
   * A credential: for {@code key-auth} and {@code jwt} by key id, for {@code basic-auth} and {@code
   * oauth2} by the owning consumer's id.
   */
  Future<Optional<Credential>> findCredential(String type, String id);

  /**
   * Checks a presented secret against the credential's (a password, a key secret, a client secret)
   * in constant time, hashing off the event loop. A successful check is remembered briefly for the
   * same credential version and secret, so repeated requests cost no hashing.
   */
  Future<Boolean> verifySecret(Credential credential, String presented);

  /**
   * The shared secret of a {@code jwt} credential (its {@code keySecret}), needed to verify
   * HMAC-signed tokens; empty for other types.
   */
  Future<Optional<String>> sharedSecret(Credential credential);

  /** The scopes that exist. */
  Future<Set<String>> scopes();
}
