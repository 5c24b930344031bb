package dev.gatehouse.core.identity;

import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/**
 * The identity service of {@code gatehouse validate}: authentication policies compile against it
 * exactly as they do in a running gateway, without the store being opened (a running gateway may
 * hold it). It is never asked anything, since validation serves no request; if it were, every
 * answer fails.
 */
public final class OfflineIdentityService implements IdentityService {

  private static <T> Future<T> offline() {
    return Future.failedFuture(
        new IllegalStateException("the identity store is not open while validating"));
  }

  @Override
  public Future<Optional<Consumer>> findConsumerById(String id) {
    return offline();
  }

  @Override
  public Future<Optional<Consumer>> findConsumer(String idOrName) {
    return offline();
  }

  @Override
  public Future<Optional<Credential>> findCredential(String type, String id) {
    return offline();
  }

  @Override
  public Future<Boolean> verifySecret(Credential credential, String presented) {
    return offline();
  }

  @Override
  public Future<Optional<String>> sharedSecret(Credential credential) {
    return offline();
  }

  @Override
  public Future<Set<String>> scopes() {
    return offline();
  }
}
