package dev.gatehouse.api.oauth2;

import java.time.Instant;
import java.util.Objects;

/**
 * An authorization code, as issued at the end of the authorization step and redeemed once at the
 * token endpoint, with its PKCE challenge (RFC 7636) when the client sent one.
 *
 * <pre>{@code
 * store.issueCode(grant, challenge, "S256").map(code -> redirectUri + "?code=" + code);
 * }</pre>
 */
public final class AuthorizationCode {

  private final Grant grant;
  private final String codeChallenge;
  private final String codeChallengeMethod;
  private final Instant expiresAt;

  /**
   * @param grant the client, user, scopes and redirect URI authorized
   * @param codeChallenge the PKCE challenge, or null
   * @param codeChallengeMethod {@code S256} (or {@code plain}), or null without a challenge
   * @param expiresAt when the code stops being redeemable
   */
  public AuthorizationCode(
      Grant grant, String codeChallenge, String codeChallengeMethod, Instant expiresAt) {
    this.grant = Objects.requireNonNull(grant, "grant");
    this.codeChallenge = codeChallenge;
    this.codeChallengeMethod = codeChallengeMethod;
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public Grant grant() {
    return grant;
  }

  /** The PKCE code challenge, or null. */
  public String codeChallenge() {
    return codeChallenge;
  }

  /** The PKCE method, or null. */
  public String codeChallengeMethod() {
    return codeChallengeMethod;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "AuthorizationCode[" + grant + "]";
  }
}
