package dev.gatehouse.api.oauth2;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's own token issuer, for verifiers: a policy that accepts JWTs (the {@code jwt}
 * policy) can trust the tokens this gateway issues without a key file, by checking {@code iss}
 * against {@link #issuer()} and the signature against {@link #jwks()}. Obtain it with {@code
 * context.service(LocalIssuer.class)}.
 *
 * <p>The key set changes when keys rotate: fetch it again when a token names a {@code kid} that the
 * set you hold lacks (at most every few seconds), rather than per request.
 *
 * <pre>{@code
 * LocalIssuer self = context.service(LocalIssuer.class).orElseThrow();
 * if (self.issuer().equals(claims.getString("iss"))) {
 *   self.jwks().map(set -> verifyWith(set, token));
 * }
 * }</pre>
 */
public interface LocalIssuer {

  /** The {@code iss} of the gateway's tokens ({@code accessTokens.issuer}). */
  String issuer();

  /**
   * The published verification keys as a JWK Set (RFC 7517): {@code {"keys": [...]}}, public
   * members only. Symmetric (HS*) keys are never published.
   */
  Future<JsonObject> jwks();
}
