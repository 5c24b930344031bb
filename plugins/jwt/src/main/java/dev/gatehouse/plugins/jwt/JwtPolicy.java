package dev.gatehouse.plugins.jwt;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.auth.AuthOutcomes;
import dev.gatehouse.api.auth.Challenge;
import dev.gatehouse.api.auth.Denials;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.plugins.jwt.keys.KeySource;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;

/**
 * One {@code jwt} step: finds the token, verifies it ({@link JoseAdapter}), establishes the
 * consumer (the jwt credential's in controlled mode, the token's subject otherwise), checks the
 * endpoint's scopes and forwards the configured claims as request headers.
 */
final class JwtPolicy implements Policy, AutoCloseable {

  private final TokenExtractor extractor;
  private final JoseAdapter verifier;
  private final KeySource keys;
  private final IdentityService identity;
  private final boolean controlled;
  private final boolean localIssuer;
  private final ClaimHeaders forwarded;
  private final Denials denials;
  private final Challenge invalidToken;
  private final Challenge expiredToken;
  private final String challengeScheme;

  JwtPolicy(
      TokenExtractor extractor,
      JoseAdapter verifier,
      KeySource keys,
      IdentityService identity,
      boolean controlled,
      boolean localIssuer,
      ClaimHeaders forwarded,
      Denials denials,
      String challengeScheme) {
    this.extractor = extractor;
    this.verifier = verifier;
    this.keys = keys;
    this.identity = identity;
    this.controlled = controlled;
    this.localIssuer = localIssuer;
    this.forwarded = forwarded;
    this.denials = denials;
    this.challengeScheme = challengeScheme;
    this.invalidToken = denials.challenge().param("error", "invalid_token");
    this.expiredToken = invalidToken.param("error_description", "The token expired");
  }

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    // Whatever happens next, the upstream must not see a client's own claim headers.
    forwarded.clear(exchange.headers());
    String token = extractor.extract(exchange);
    if (token == null) {
      return denials.deny(exchange, AuthOutcomes.MISSING, "no_token");
    }
    return verifier
        .verify(token)
        .compose(claims -> identify(exchange, claims), error -> rejected(exchange, error));
  }

  private Future<Outcome> rejected(Exchange exchange, Throwable error) {
    if (!(error instanceof TokenRejectedException rejected)) {
      return Future.failedFuture(error);
    }
    Challenge challenge =
        AuthOutcomes.EXPIRED.equals(rejected.code()) ? expiredToken : invalidToken;
    return denials.deny(exchange, rejected.code(), rejected.reason(), challenge);
  }

  private Future<Outcome> identify(Exchange exchange, JwtClaims claims) {
    String subject = subject(claims);
    if (!controlled) {
      ConsumerIdentity consumer =
          ConsumerIdentity.builder(subject == null ? "" : subject, ConsumerIdentity.TOKEN)
              .name(subject)
              .credential(Credential.JWT, subject)
              .scopes(tokenScopes(claims))
              .claims(claims.getClaimsMap())
              .build();
      return admit(exchange, consumer, claims);
    }
    if (localIssuer) {
      return issuedHere(exchange, claims);
    }
    if (subject == null || subject.isEmpty()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "no_subject", invalidToken);
    }
    return identity
        .findCredential(Credential.JWT, subject)
        .compose(credential -> withCredential(exchange, claims, credential));
  }

  private Future<Outcome> withCredential(
      Exchange exchange, JwtClaims claims, Optional<Credential> found) {
    if (found.isEmpty() || !found.get().active()) {
      return denials.deny(
          exchange,
          AuthOutcomes.INVALID,
          found.isEmpty() ? "unknown_credential" : "inactive_credential",
          invalidToken);
    }
    Credential credential = found.get();
    return identity
        .findConsumerById(credential.consumerId())
        .compose(
            consumer -> {
              if (consumer.isEmpty() || !consumer.get().active()) {
                return denials.deny(
                    exchange, AuthOutcomes.INVALID, "inactive_consumer", invalidToken);
              }
              Consumer owner = consumer.get();
              return admit(
                  exchange,
                  AuthOutcomes.identity(owner, credential).claims(claims.getClaimsMap()).build(),
                  claims);
            });
  }

  /**
   * Controlled mode for the gateway's own tokens: the application the token was issued to ({@code
   * consumerId}) and the user it acts for ({@code authenticatedUserId}), if any, must still exist
   * and be active, as the {@code oauth2} policy checks them.
   */
  private Future<Outcome> issuedHere(Exchange exchange, JwtClaims claims) {
    if (!(claims.getClaimValue("consumerId") instanceof String appId) || appId.isEmpty()) {
      return denials.deny(exchange, AuthOutcomes.INVALID, "no_consumer", invalidToken);
    }
    Object user = claims.getClaimValue("authenticatedUserId");
    return isActive(user instanceof String userId ? userId : null)
        .compose(
            userActive ->
                userActive ? identity.findConsumerById(appId) : Future.succeededFuture(null))
        .compose(
            app -> {
              if (app == null || app.isEmpty() || !app.get().active()) {
                return denials.deny(
                    exchange, AuthOutcomes.INVALID, "inactive_consumer", invalidToken);
              }
              Consumer owner = app.get();
              Object jti = claims.getClaimValue("jti");
              return admit(
                  exchange,
                  ConsumerIdentity.builder(owner.id(), owner.type())
                      .name(owner.name())
                      .credential(Credential.JWT, jti == null ? "" : jti.toString())
                      .scopes(tokenScopes(claims))
                      .claims(claims.getClaimsMap())
                      .properties(owner.properties())
                      .build(),
                  claims);
            });
  }

  /** Whether the consumer exists and is active; true when there is none to check. */
  private Future<Boolean> isActive(String consumerId) {
    return consumerId == null
        ? Future.succeededFuture(true)
        : identity
            .findConsumerById(consumerId)
            .map(found -> found.map(Consumer::active).orElse(false));
  }

  private Future<Outcome> admit(Exchange exchange, ConsumerIdentity consumer, JwtClaims claims) {
    List<String> required = exchange.apiEndpoint().scopes();
    if (!AuthOutcomes.grants(consumer.scopes(), exchange.apiEndpoint())) {
      Challenge insufficient =
          Challenge.of(challengeScheme)
              .param("realm", Challenge.REALM)
              .param("error", "insufficient_scope")
              .param("scope", String.join(" ", required));
      return denials.insufficientScope(exchange, insufficient);
    }
    forwarded.set(exchange, claims);
    exchange.authenticate(consumer);
    return Outcome.proceed();
  }

  private static String subject(JwtClaims claims) {
    Object sub = claims.getClaimValue("sub");
    return sub instanceof String text ? text : null;
  }

  /** OAuth's {@code scope} (space-separated) or Azure's and Okta's {@code scp} (text or list). */
  static Set<String> tokenScopes(JwtClaims claims) {
    Set<String> scopes = new LinkedHashSet<>();
    addScopes(claims.getClaimValue("scope"), scopes);
    addScopes(claims.getClaimValue("scp"), scopes);
    return scopes;
  }

  private static void addScopes(Object value, Set<String> scopes) {
    if (value instanceof String text) {
      for (String scope : text.trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String text && !text.isEmpty()) {
          scopes.add(text);
        }
      }
    }
  }

  @Override
  public void close() {
    keys.close();
  }

  /** The logger-facing description; no key material. */
  @Override
  public String toString() {
    return "JwtPolicy[" + keys + (controlled ? " controlled" : "") + "]";
  }
}
