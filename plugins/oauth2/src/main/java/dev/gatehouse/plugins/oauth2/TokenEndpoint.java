package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.AuthorizationCode;
import dev.gatehouse.api.oauth2.Grant;
import dev.gatehouse.api.oauth2.IssuedToken;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.oauth2.Rotation;
import dev.gatehouse.plugins.oauth2.Clients.Client;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * {@code POST /oauth2/token}: the {@code client_credentials}, {@code password}, {@code
 * authorization_code} (with PKCE, RFC 7636) and {@code refresh_token} grants. Every grant issues a
 * fresh access token with a correct {@code expires_in}; the code and password grants add a refresh
 * token, and each refresh spends the token presented for a new one of the same family (a replay
 * revokes the family). Errors follow RFC 6749 section 5.2; responses are never cached.
 */
final class TokenEndpoint {

  static final String METRIC = "gatehouse_tokens_issued_total";

  private final OAuth2Store store;
  private final IdentityService identity;
  private final Clients clients;
  private final JwtTokens jwt;
  private final long expiresIn;
  private final Clock clock;
  private final Logger log;
  private final MeterRegistry meters;
  private final String tokenType;
  private final Map<String, Counter> issued = new ConcurrentHashMap<>();
  private final SignInThrottle throttle;

  /**
   * @param jwt the JWT signer, or null for opaque access tokens
   */
  TokenEndpoint(
      OAuth2Store store,
      IdentityService identity,
      Clients clients,
      JwtTokens jwt,
      long accessTokenMillis,
      Clock clock,
      SignInThrottle throttle,
      MeterRegistry meters,
      Logger log) {
    this.throttle = throttle;
    this.store = store;
    this.identity = identity;
    this.clients = clients;
    this.jwt = jwt;
    this.expiresIn = accessTokenMillis / 1000;
    this.clock = clock;
    this.meters = meters;
    this.log = log;
    this.tokenType = jwt == null ? "opaque" : "jwt";
    for (String grant :
        new String[] {
          "client_credentials", "password", "authorization_code", "refresh_token", "implicit"
        }) {
      counter(grant);
    }
  }

  private Counter counter(String grant) {
    return issued.computeIfAbsent(
        grant,
        g ->
            Counter.builder(METRIC)
                .description("Access tokens issued by the authorization server")
                .tag("grant", g)
                .tag("token_type", tokenType)
                .register(meters));
  }

  Future<Response> handle(Exchange exchange) {
    return Params.read(exchange)
        .compose(
            params -> {
              if (params.duplicate() != null) {
                return OAuthError.invalidRequest("Repeated parameter " + params.duplicate())
                    .<Response>future();
              }
              String grant = params.get("grant_type");
              if (grant == null) {
                return OAuthError.invalidRequest("grant_type is required").<Response>future();
              }
              return switch (grant) {
                case "client_credentials" ->
                    clients
                        .confidential(exchange, params)
                        .compose(c -> clientCredentials(c, params));
                case "password" ->
                    clients
                        .confidential(exchange, params)
                        .compose(c -> password(c, params, exchange.clientIp()));
                case "authorization_code" ->
                    clients.authenticate(exchange, params).compose(c -> code(c, params));
                case "refresh_token" ->
                    clients.confidential(exchange, params).compose(c -> refresh(c, params));
                default -> OAuthError.unsupportedGrantType().<Response>future();
              };
            })
        .recover(TokenEndpoint::errorResponse);
  }

  static Future<Response> errorResponse(Throwable failure) {
    if (failure instanceof OAuthError error) {
      return Future.succeededFuture(error.response());
    }
    return Future.failedFuture(failure);
  }

  private static Future<Set<String>> allowedScopes(Client client, String scope) {
    Set<String> requested = Clients.scopes(scope);
    if (!client.scopes().containsAll(requested)) {
      return OAuthError.invalidScope("The client may not request these scopes").future();
    }
    return Future.succeededFuture(requested);
  }

  private Future<Response> clientCredentials(Client client, Params params) {
    return allowedScopes(client, params.get("scope"))
        .compose(
            scopes ->
                answer(
                    Grant.builder(client.id()).scopes(scopes).type("client_credentials").build(),
                    false,
                    null));
  }

  private Future<Response> password(Client client, Params params, String address) {
    String username = params.get("username");
    String password = params.get("password");
    if (username == null || password == null) {
      return OAuthError.invalidRequest("username and password are required").future();
    }
    return allowedScopes(client, params.get("scope"))
        .compose(
            scopes ->
                resourceOwner(username, password, address)
                    .compose(
                        user ->
                            user.isEmpty()
                                ? OAuthError.invalidGrant("Invalid resource owner credentials")
                                    .<Response>future()
                                : answer(
                                    Grant.builder(client.id())
                                        .user(user.get().id())
                                        .scopes(scopes)
                                        .type("password")
                                        .build(),
                                    true,
                                    null)));
  }

  /**
   * A user by username or id whose active basic-auth credential has this password; fails with 429
   * while the {@link SignInThrottle} makes this username (or address) wait after failed attempts.
   */
  Future<Optional<Consumer>> resourceOwner(String username, String password, String address) {
    return throttle
        .waitSeconds(username, address)
        .compose(
            wait -> {
              if (wait > 0) {
                log.warn(
                    "oauth2_sign_in_throttled address={} retry_after_seconds={}", address, wait);
                return OAuthError.tooManyAttempts(wait).<Optional<Consumer>>future();
              }
              return checkedOwner(username, password)
                  .onSuccess(
                      user -> {
                        if (user.isPresent()) {
                          throttle.succeeded(username, address);
                        } else {
                          throttle.failed(username, address);
                        }
                      });
            });
  }

  private Future<Optional<Consumer>> checkedOwner(String username, String password) {
    return identity
        .findConsumer(username)
        .compose(
            found -> {
              if (found.isEmpty()
                  || !found.get().active()
                  || !Consumer.USER.equals(found.get().type())) {
                return Future.succeededFuture(Optional.<Consumer>empty());
              }
              Consumer user = found.get();
              return identity
                  .findCredential(Credential.BASIC_AUTH, user.id())
                  .compose(
                      credential ->
                          credential.isEmpty() || !credential.get().active()
                              ? Future.succeededFuture(false)
                              : identity.verifySecret(credential.get(), password))
                  .map(ok -> ok ? Optional.of(user) : Optional.<Consumer>empty());
            });
  }

  private Future<Response> code(Client client, Params params) {
    String code = params.get("code");
    if (code == null) {
      return OAuthError.invalidRequest("code is required").future();
    }
    return store
        .redeemCode(code)
        .compose(
            found -> {
              if (found.isEmpty() || !found.get().grant().clientId().equals(client.id())) {
                return OAuthError.invalidGrant("Invalid authorization code").future();
              }
              AuthorizationCode redeemed = found.get();
              String redirectUri = redeemed.grant().redirectUri();
              if (redirectUri != null && !redirectUri.equals(params.get("redirect_uri"))) {
                return OAuthError.invalidGrant("redirect_uri does not match the authorization")
                    .future();
              }
              if (redeemed.codeChallenge() == null) {
                if (!client.confidential()) {
                  return OAuthError.invalidClient().future();
                }
              } else if (!Pkce.matches(
                  redeemed.codeChallenge(),
                  redeemed.codeChallengeMethod(),
                  params.get("code_verifier"))) {
                return OAuthError.invalidGrant("code_verifier does not match the challenge")
                    .future();
              }
              return answer(
                  redeemed.grant().toBuilder().type("authorization_code").build(), true, null);
            });
  }

  private Future<Response> refresh(Client client, Params params) {
    String presented = params.get("refresh_token");
    if (presented == null) {
      return OAuthError.invalidRequest("refresh_token is required").future();
    }
    return store
        .findRefreshToken(presented)
        .compose(
            peek -> {
              // A token of another client is refused before it is spent.
              if (peek.isPresent() && !peek.get().grant().clientId().equals(client.id())) {
                return OAuthError.invalidGrant("Invalid refresh token").<Response>future();
              }
              return store
                  .useRefreshToken(presented)
                  .compose(
                      rotation -> {
                        if (rotation.status() != Rotation.Status.ROTATED
                            || !rotation.token().grant().clientId().equals(client.id())) {
                          return OAuthError.invalidGrant("Invalid refresh token").future();
                        }
                        Grant original = rotation.token().grant();
                        Set<String> requested = Clients.scopes(params.get("scope"));
                        if (!original.scopes().containsAll(requested)) {
                          return OAuthError.invalidScope("More scopes than originally granted")
                              .future();
                        }
                        Grant grant =
                            original.toBuilder()
                                .scopes(requested.isEmpty() ? original.scopes() : requested)
                                .build();
                        return answer(grant, true, rotation.token().familyId(), "refresh_token");
                      });
            });
  }

  private Future<Response> answer(Grant grant, boolean withRefresh, String familyId) {
    return answer(grant, withRefresh, familyId, grant.type());
  }

  private Future<Response> answer(
      Grant grant, boolean withRefresh, String familyId, String counted) {
    Future<IssuedToken> refresh =
        withRefresh ? store.issueRefreshToken(grant, familyId) : Future.succeededFuture(null);
    return refresh.compose(
        issuedRefresh -> {
          String refreshToken = issuedRefresh == null ? null : issuedRefresh.value();
          String family = issuedRefresh == null ? null : issuedRefresh.token().familyId();
          Future<String> access =
              jwt != null
                  ? jwt.issue(grant, clock.instant())
                  : (family == null
                          ? store.issueAccessToken(grant)
                          : store.issueAccessToken(grant, family))
                      .map(IssuedToken::value);
          return access.map(
              accessToken -> {
                counter(counted).increment();
                log.debug(
                    "token_issued grant={} client_id={} token_type={}",
                    counted,
                    grant.clientId(),
                    tokenType);
                JsonObject body =
                    new JsonObject()
                        .put("access_token", accessToken)
                        .put("token_type", "Bearer")
                        .put("expires_in", expiresIn);
                if (refreshToken != null) {
                  body.put("refresh_token", refreshToken);
                }
                if (!grant.scopes().isEmpty()) {
                  body.put("scope", String.join(" ", grant.scopes()));
                }
                return OAuthError.noStore(Response.of(200).json(body));
              });
        });
  }

  /** An access token alone (the implicit grant), counted under {@code grant}. */
  Future<String> accessToken(Grant grant, String counted) {
    Future<String> access =
        jwt != null
            ? jwt.issue(grant, clock.instant())
            : store.issueAccessToken(grant).map(IssuedToken::value);
    return access.onSuccess(token -> counter(counted).increment());
  }

  long expiresIn() {
    return expiresIn;
  }

  /** PKCE (RFC 7636): S256, and plain only for challenges stored as plain. */
  static final class Pkce {
    private Pkce() {}

    static boolean matches(String challenge, String method, String verifier) {
      if (verifier == null
          || verifier.length() < 43
          || verifier.length() > 128
          || !verifier.matches("[A-Za-z0-9\\-._~]+")) {
        return false;
      }
      String expected = "plain".equals(method) ? verifier : s256(verifier);
      return MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          challenge.getBytes(StandardCharsets.US_ASCII));
    }

    static String s256(String verifier) {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is unavailable", e);
      }
    }
  }
}
