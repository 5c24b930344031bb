package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.ResponseHook;
import io.vertx.core.Future;

/**
 * What the {@code oauth2} and {@code oauth2-introspect} policies share: the bearer token from the
 * {@code Authorization} header (scheme case-insensitive) or the {@code access_token} query
 * parameter, and the RFC 6750 denials as problem+json with a {@code WWW-Authenticate} challenge.
 */
final class Bearer {

  private static final ResponseHook ANONYMOUS =
      ResponseHook.headers(headers -> headers.set("eg-consumer-id", "anonymous"));

  private Bearer() {}

  /** The presented token, or null. */
  static String token(Exchange exchange) {
    String header = exchange.headers().get("authorization");
    if (header != null && header.regionMatches(true, 0, "bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    String query = exchange.queryParams().get("access_token");
    return query == null || query.isEmpty() ? null : query;
  }

  /** 401 without a token, or continue anonymously with {@code passThrough}. */
  static Future<Outcome> missing(Exchange exchange, boolean passThrough) {
    return fail(
        exchange,
        passThrough,
        Problem.of(401, "auth.missing", "Unauthorized").withDetail("No bearer token given"),
        "Bearer realm=\"gatehouse\"");
  }

  /** 401 for an unknown, forged, revoked or expired token. */
  static Future<Outcome> invalid(Exchange exchange, boolean passThrough) {
    return fail(
        exchange,
        passThrough,
        Problem.of(401, "auth.invalid", "Unauthorized").withDetail("The bearer token is not valid"),
        "Bearer realm=\"gatehouse\", error=\"invalid_token\"");
  }

  /** 403 when the token lacks a scope the API endpoint requires. */
  static Future<Outcome> insufficientScope(Exchange exchange, boolean passThrough, String scopes) {
    return fail(
        exchange,
        passThrough,
        Problem.of(403, "auth.insufficient_scope", "Forbidden")
            .withDetail("The token lacks a required scope"),
        "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", scope=\"" + scopes + "\"");
  }

  private static Future<Outcome> fail(
      Exchange exchange, boolean passThrough, Problem problem, String challenge) {
    if (passThrough) {
      exchange.onResponse(ANONYMOUS);
      return Outcome.proceed();
    }
    return Outcome.respond(Response.problem(problem).header("WWW-Authenticate", challenge));
  }
}
