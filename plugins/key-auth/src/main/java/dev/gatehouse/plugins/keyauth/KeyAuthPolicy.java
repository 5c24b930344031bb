package dev.gatehouse.plugins.keyauth;

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
import java.util.Optional;

/**
 * Reads an API key {@code keyId:keySecret} from the configured header (scheme first, key last) or
 * query parameter, and accepts it when the key-auth credential and its consumer are active and the
 * secret matches (checked by the identity service in constant time, against the stored hash). The
 * key stays in the request sent upstream, as in Express Gateway.
 */
final class KeyAuthPolicy implements Policy {

  /** Longer keys are refused without a lookup: generated ones are 45 characters. */
  static final int MAX_KEY_LENGTH = 1024;

  private final KeyAuthConfig config;
  private final IdentityService identity;
  private final Denials denials;
  private final String scheme;

  KeyAuthPolicy(KeyAuthConfig config, IdentityService identity, PolicyContext context) {
    this.config = config;
    this.identity = identity;
    boolean schemeRequired =
        !config.disableHeadersScheme() && !config.apiKeyHeaderScheme().isEmpty();
    this.scheme = schemeRequired ? config.apiKeyHeaderScheme() : null;
    String challengeScheme =
        config.apiKeyHeaderScheme().isEmpty() ? "apiKey" : config.apiKeyHeaderScheme();
    this.denials =
        Denials.of(
            context,
            config.passThrough(),
            Challenge.of(challengeScheme).param("realm", Challenge.REALM));
  }

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    String key = presentedKey(exchange);
    if (key == null) {
      return denials.deny(exchange, AuthOutcomes.MISSING, "no_key");
    }
    int colon = key.indexOf(':');
    if (key.length() > MAX_KEY_LENGTH || colon <= 0 || colon == key.length() - 1) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "malformed_key");
    }
    String keyId = key.substring(0, colon);
    String secret = key.substring(colon + 1);
    return identity
        .findCredential(Credential.KEY_AUTH, keyId)
        .compose(found -> check(exchange, found, secret));
  }

  private Future<Outcome> check(Exchange exchange, Optional<Credential> found, String secret) {
    if (found.isEmpty()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "unknown_key");
    }
    Credential credential = found.get();
    if (!credential.active()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "inactive_key");
    }
    return identity
        .verifySecret(credential, secret)
        .compose(
            matches ->
                matches
                    ? identity
                        .findConsumerById(credential.consumerId())
                        .compose(consumer -> admit(exchange, credential, consumer))
                    : denials.deny(exchange, AuthOutcomes.INVALID, "wrong_secret"));
  }

  private Future<Outcome> admit(
      Exchange exchange, Credential credential, Optional<Consumer> consumer) {
    if (consumer.isEmpty() || !consumer.get().active()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "inactive_consumer");
    }
    if (!AuthOutcomes.grants(credential.scopes(), exchange.apiEndpoint())) {
      return denials.insufficientScope(exchange, null);
    }
    exchange.authenticate(AuthOutcomes.identity(consumer.get(), credential).build());
    return Outcome.proceed();
  }

  /** The key from the header, else from the query; null when neither has one. */
  private String presentedKey(Exchange exchange) {
    if (!config.disableHeaders()) {
      String fromHeader = fromHeader(exchange.headers().get(config.apiKeyHeader()));
      if (fromHeader != null) {
        return fromHeader;
      }
    }
    if (!config.disableQueryParam()) {
      String fromQuery = exchange.queryParams().get(config.apiKeyField());
      if (fromQuery != null && !fromQuery.isEmpty()) {
        return fromQuery;
      }
    }
    return null;
  }

  /** Express Gateway's reading: split on spaces, the scheme first, the key last. */
  private String fromHeader(String value) {
    if (value == null) {
      return null;
    }
    String[] words = value.trim().split(" +");
    if (words[0].isEmpty()) {
      return null;
    }
    if (scheme == null) {
      return words[words.length - 1];
    }
    if (words.length < 2 || !words[0].equalsIgnoreCase(scheme)) {
      return null;
    }
    return words[words.length - 1];
  }
}
