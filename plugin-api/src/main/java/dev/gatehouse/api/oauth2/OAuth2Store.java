package dev.gatehouse.api.oauth2;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's OAuth 2.0 state: opaque access and refresh tokens, authorization codes, login
 * sessions and JWT signing keys, kept in the identity store (embedded, or Redis shared by every
 * gateway of a cluster). Obtain it with {@code context.service(OAuth2Store.class)}.
 *
 * <p>Opaque tokens have Express Gateway's shape, {@code <id>|<secret>}; the store keeps the id in
 * clear and only a hash of the secret, so a copy of the store reveals no usable token. Tokens,
 * codes and sessions expire after the {@code timeToExpiry} of their {@code system.config.yml}
 * section and are then cleaned up. Refresh tokens form families: each use spends the token ({@link
 * #useRefreshToken}); presenting a spent one again revokes the family, with the access tokens
 * issued alongside.
 *
 * <p>Every method returns a future completed on the caller's context and never blocks.
 *
 * <pre>{@code
 * OAuth2Store store = context.service(OAuth2Store.class).orElseThrow();
 * store.issueAccessToken(Grant.builder(clientId).scopes(Set.of("read")).type("client_credentials").build())
 *     .map(issued -> new JsonObject().put("access_token", issued.value()));
 * }</pre>
 */
public interface OAuth2Store {

  /**
   * The token and session settings of {@code system.config.yml}, validated, with defaults applied:
   * an object with the sections {@code accessTokens}, {@code refreshTokens}, {@code
   * authorizationCodes}, {@code session} and {@code oauth2}.
   */
  JsonObject settings();

  /** Issues an opaque access token, valid for {@code accessTokens.timeToExpiry}. */
  Future<IssuedToken> issueAccessToken(Grant grant);

  /**
   * Issues an opaque access token that belongs to a refresh-token family, so that revoking the
   * family revokes it too.
   */
  Future<IssuedToken> issueAccessToken(Grant grant, String familyId);

  /**
   * Issues a refresh token, valid for {@code refreshTokens.timeToExpiry}.
   *
   * @param familyId the family of the token it replaces, or null to start a new family
   */
  Future<IssuedToken> issueRefreshToken(Grant grant, String familyId);

  /** The access token a client presented, when it is known, unexpired and its secret matches. */
  Future<Optional<StoredToken>> findAccessToken(String presented);

  /** The refresh token a client presented, when valid and not yet spent (does not spend it). */
  Future<Optional<StoredToken>> findRefreshToken(String presented);

  /**
   * Spends a refresh token for rotation: atomically, so of two concurrent uses only one rotates. A
   * token already spent revokes its family ({@link Rotation.Status#REPLAYED}).
   */
  Future<Rotation> useRefreshToken(String presented);

  /**
   * Revokes an access or refresh token given as presented; revoking a refresh token revokes its
   * family. False when the token is unknown (or its secret does not match).
   */
  Future<Boolean> revokeToken(String presented);

  /** Revokes every token of a refresh-token family. */
  Future<Void> revokeFamily(String familyId);

  /**
   * Issues a single-use authorization code, valid for {@code authorizationCodes.timeToExpiry}.
   *
   * @param codeChallenge the PKCE challenge, or null
   * @param codeChallengeMethod its method, or null
   * @return the code to send to the client's redirect URI
   */
  Future<String> issueCode(Grant grant, String codeChallenge, String codeChallengeMethod);

  /** Redeems a code: found once, then gone, whatever the outcome of the exchange. */
  Future<Optional<AuthorizationCode>> redeemCode(String code);

  /** Starts a login session, valid for the session lifetime ({@code session.cookie.maxAge}). */
  Future<LoginSession> createSession(Map<String, String> attributes);

  /** A live session by the id its cookie carries. */
  Future<Optional<LoginSession>> findSession(String id);

  /** Stores a session's user and attributes and extends its lifetime. */
  Future<LoginSession> saveSession(LoginSession session);

  /** Ends a session (logout, or a login that replaces it). */
  Future<Void> deleteSession(String id);

  /** The key that signs JWT access tokens now; generated (ES256) and stored on first use. */
  Future<SigningKey> signingKey();

  /** The signing key and the retired keys still published (their last tokens are unexpired). */
  Future<List<SigningKey>> publishedKeys();
}
