package dev.gatehouse.plugins.jwt.keys;

import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Set;
import org.jose4j.keys.HmacKey;

/**
 * Controlled mode without a key of the step's own: the token's {@code sub} names a jwt credential
 * whose {@code keySecret} verifies it (HMAC only), as Express Gateway's credentials allow.
 */
public final class CredentialSecretKeySource implements KeySource {

  private static final Set<String> HMAC = Set.copyOf(Algorithms.HMAC);

  private final IdentityService identity;

  public CredentialSecretKeySource(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public Set<String> defaultAlgorithms() {
    return HMAC;
  }

  @Override
  public Set<String> possibleAlgorithms() {
    return HMAC;
  }

  @Override
  public Future<Key> keyFor(TokenHead head) {
    if (head.subject() == null || head.subject().isEmpty()) {
      return unknown("no_subject");
    }
    return identity
        .findCredential(Credential.JWT, head.subject())
        .compose(
            found ->
                found.isPresent() && found.get().active()
                    ? identity.sharedSecret(found.get())
                    : Future.succeededFuture(java.util.Optional.<String>empty()))
        .compose(
            secret ->
                secret.isPresent()
                    ? Future.succeededFuture(
                        new HmacKey(secret.get().getBytes(StandardCharsets.UTF_8)))
                    : unknown("no_credential_secret"));
  }

  private static Future<Key> unknown(String reason) {
    return Future.failedFuture(
        new KeyResolutionException(KeyResolutionException.Kind.UNKNOWN_KEY, reason));
  }

  @Override
  public boolean shortSecretsAllowed() {
    return true;
  }
}
