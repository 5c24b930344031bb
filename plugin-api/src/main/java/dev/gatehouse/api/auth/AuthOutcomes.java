package dev.gatehouse.api.auth;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.ResponseHook;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import io.vertx.core.Future;
import java.util.Collection;

/**
 * What every authentication policy answers, so that clients see one behaviour whichever scheme
 * refused them: 401 with the scheme's challenge, 403 for missing endpoint scopes, problem+json
 * bodies with stable codes, and Express Gateway's {@code passThrough}.
 *
 * <pre>{@code
 * if (key == null) {
 *   return passThrough
 *       ? AuthOutcomes.continueAnonymously(exchange)
 *       : Future.succeededFuture(AuthOutcomes.unauthorized(AuthOutcomes.MISSING, challenge));
 * }
 * if (!AuthOutcomes.grants(credential.scopes(), exchange.apiEndpoint())) {
 *   return Future.succeededFuture(AuthOutcomes.forbidden(null));
 * }
 * exchange.authenticate(AuthOutcomes.identity(consumer, credential).build());
 * return Outcome.proceed();
 * }</pre>
 */
public final class AuthOutcomes {

  /** The header naming the consumer: upstream on success, {@code anonymous} on passThrough. */
  public static final String CONSUMER_ID_HEADER = "eg-consumer-id";

  /** The consumer id a passThrough response announces. */
  public static final String ANONYMOUS = "anonymous";

  /** No credentials were presented. */
  public static final String MISSING = "auth.missing";

  /** The credentials presented are not valid (unknown, wrong, inactive, malformed). */
  public static final String INVALID = "auth.invalid";

  /** The credentials presented have expired. */
  public static final String EXPIRED = "auth.expired";

  /** Valid credentials lack a scope the API endpoint requires (403). */
  public static final String INSUFFICIENT_SCOPE = "auth.insufficient_scope";

  /** The gateway cannot check credentials now (its key source is unreachable); 503. */
  public static final String UNAVAILABLE = "auth.unavailable";

  private static final ResponseHook ANONYMOUS_HOOK =
      ResponseHook.headers(headers -> headers.set(CONSUMER_ID_HEADER, ANONYMOUS));

  private AuthOutcomes() {}

  /**
   * A 401 answer with {@code code} (one of the constants above) and the challenge, which may be
   * null for schemes that have none.
   */
  public static Outcome unauthorized(String code, Challenge challenge) {
    return deny(Problem.of(401, code, "Unauthorized"), challenge);
  }

  /**
   * A 403 answer for missing endpoint scopes ({@link #INSUFFICIENT_SCOPE}). Pass a Bearer challenge
   * with {@code error="insufficient_scope"} for token schemes (RFC 6750), else null.
   */
  public static Outcome forbidden(Challenge challenge) {
    return deny(Problem.of(403, INSUFFICIENT_SCOPE, "Forbidden"), challenge);
  }

  /** A 503 answer ({@link #UNAVAILABLE}): the credentials cannot be checked right now. */
  public static Outcome unavailable() {
    Response response =
        Response.problem(
            Problem.of(503, UNAVAILABLE, "Service Unavailable")
                .withDetail("Credentials cannot be checked right now."));
    return Outcome.answer(response.header("Retry-After", "5"));
  }

  private static Outcome deny(Problem problem, Challenge challenge) {
    Response response = Response.problem(problem);
    if (challenge != null) {
      response.header("WWW-Authenticate", challenge.toString());
    }
    return Outcome.answer(response);
  }

  /**
   * Express Gateway's {@code passThrough}: the request goes on without a consumer, and the client's
   * response carries {@code eg-consumer-id: anonymous}.
   */
  public static Future<Outcome> continueAnonymously(Exchange exchange) {
    exchange.onResponse(ANONYMOUS_HOOK);
    return Outcome.proceed();
  }

  /**
   * Whether {@code granted} holds every scope the endpoint requires; an endpoint without scopes
   * requires none.
   */
  public static boolean grants(Collection<String> granted, ApiEndpoint endpoint) {
    return granted.containsAll(endpoint.scopes());
  }

  /**
   * The identity of a consumer of the identity store authenticated by {@code credential}: its id,
   * type, name and properties, the credential, and the credential's scopes. Add claims before
   * building when a token authenticated the request.
   */
  public static ConsumerIdentity.Builder identity(Consumer consumer, Credential credential) {
    return ConsumerIdentity.builder(consumer.id(), consumer.type())
        .name(consumer.name())
        .credential(credential.type(), credential.id())
        .scopes(credential.scopes())
        .properties(consumer.properties());
  }
}
