package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Response;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * An error of the token, introspection and revocation endpoints as RFC 6749 section 5.2 defines it:
 * a status, an {@code error} code and a description that reveals nothing secret.
 *
 * <pre>{@code
 * return OAuthError.invalidGrant("Invalid authorization code").future();
 * }</pre>
 */
final class OAuthError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final long retryAfterSeconds;

  OAuthError(int status, String error, String description) {
    this(status, error, description, 0);
  }

  private OAuthError(int status, String error, String description, long retryAfterSeconds) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 with {@code Retry-After}: too many failed sign-ins (see {@link LoginThrottle}). */
  static OAuthError tooManyAttempts(long retryAfterSeconds) {
    return new OAuthError(
        429,
        "invalid_request",
        "Too many failed sign-ins; try again in " + retryAfterSeconds + " s",
        retryAfterSeconds);
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description);
  }

  static OAuthError invalidClient() {
    return new OAuthError(401, "invalid_client", "Client authentication failed");
  }

  static OAuthError invalidGrant(String description) {
    return new OAuthError(400, "invalid_grant", description);
  }

  static OAuthError invalidScope(String description) {
    return new OAuthError(400, "invalid_scope", description);
  }

  static OAuthError unauthorizedClient(String description) {
    return new OAuthError(400, "unauthorized_client", description);
  }

  static OAuthError unsupportedGrantType() {
    return new OAuthError(400, "unsupported_grant_type", "Unsupported grant type");
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  <T> Future<T> future() {
    return Future.failedFuture(this);
  }

  /** The JSON answer, never cached, with the Basic challenge on a client authentication failure. */
  Response response() {
    Response response =
        Response.of(status)
            .json(new JsonObject().put("error", error).put("error_description", getMessage()));
    noStore(response);
    if (status == 401) {
      response.header("WWW-Authenticate", "Basic realm=\"Users\"");
    }
    if (retryAfterSeconds > 0) {
      response.header("Retry-After", Long.toString(retryAfterSeconds));
    }
    return response;
  }

  /** RFC 6749 section 5.1: token responses are never cached. */
  static Response noStore(Response response) {
    return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  }
}
