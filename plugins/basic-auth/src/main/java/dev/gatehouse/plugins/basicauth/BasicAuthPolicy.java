package dev.gatehouse.plugins.basicauth;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.auth.AuthOutcomes;
import dev.gatehouse.api.auth.Challenge;
import dev.gatehouse.api.auth.Denials;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads {@code Authorization: Basic base64(user:password)}, finds the consumer as Express Gateway
 * does (application id, user id, username) and accepts the request when the consumer and its
 * basic-auth credential are active and the password matches. bcrypt runs in the identity service,
 * off the event loop, which remembers a successful check briefly per credential version, so steady
 * traffic costs no hashing and a password change or a deactivation applies at once.
 */
final class BasicAuthPolicy implements Policy {

  /** Longer headers are refused unread: bcrypt reads 72 bytes of a password anyway. */
  static final int MAX_HEADER_LENGTH = 4096;

  private static final String SCHEME = "basic ";

  private final IdentityService identity;
  private final Denials denials;

  BasicAuthPolicy(BasicAuthConfig config, IdentityService identity, PolicyContext context) {
    this.identity = identity;
    this.denials =
        Denials.of(
            context,
            config.passThrough(),
            Challenge.of("Basic").param("realm", Challenge.REALM).param("charset", "UTF-8"));
  }

  /** A user id, application id or username, and the password presented with it. */
  record Presented(String user, String password) {}

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    String header = exchange.headers().get(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return denials.deny(exchange, AuthOutcomes.MISSING, "no_basic_credentials");
    }
    Presented presented = parse(header);
    if (presented == null) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "malformed_credentials");
    }
    return identity
        .findConsumer(presented.user())
        .compose(consumer -> withConsumer(exchange, consumer, presented.password()));
  }

  /** The decoded user and password, or null when the header is not well-formed. */
  static Presented parse(String header) {
    if (header.length() > MAX_HEADER_LENGTH) {
      return null;
    }
    String decoded;
    try {
      byte[] bytes = Base64.getDecoder().decode(header.substring(SCHEME.length()).trim());
      decoded = new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new Presented(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private Future<Outcome> withConsumer(
      Exchange exchange, Optional<Consumer> found, String password) {
    if (found.isEmpty()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "unknown_consumer");
    }
    Consumer consumer = found.get();
    if (!consumer.active()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "inactive_consumer");
    }
    return identity
        .findCredential(Credential.BASIC_AUTH, consumer.id())
        .compose(credential -> withCredential(exchange, consumer, credential, password));
  }

  private Future<Outcome> withCredential(
      Exchange exchange, Consumer consumer, Optional<Credential> found, String password) {
    if (found.isEmpty()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "no_basic_auth_credential");
    }
    Credential credential = found.get();
    if (!credential.active()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "inactive_credential");
    }
    return identity
        .verifySecret(credential, password)
        .compose(
            matches -> {
              if (!matches) {
                return denials.deny(exchange, AuthOutcomes.INVALID, "wrong_password");
              }
              if (!AuthOutcomes.grants(credential.scopes(), exchange.apiEndpoint())) {
                return denials.insufficientScope(exchange, null);
              }
              exchange.authenticate(AuthOutcomes.identity(consumer, credential).build());
              return Outcome.proceed();
            });
  }
}
