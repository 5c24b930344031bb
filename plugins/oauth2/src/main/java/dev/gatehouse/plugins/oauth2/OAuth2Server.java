package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.RouteContributor;
import dev.gatehouse.api.Routes;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.oauth2.StoredToken;
import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.plugins.oauth2.Clients.Client;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The authorization server's routes on the gateway listener: the token endpoint, token
 * introspection (RFC 7662) and revocation (RFC 7009), the server's metadata (RFC 8414) and its JSON
 * Web Key Set, and the login and consent pages of the code and implicit grants. Tokens, codes,
 * sessions and keys live in the gateway's identity store ({@link OAuth2Store}), so every gateway of
 * a cluster serves the same clients. They are served when the configuration's {@code policies} list
 * enables {@code oauth2}, as Express Gateway mounts them.
 */
@Extension
public final class OAuth2Server implements RouteContributor {

  /**
   * Failed sign-ins of a gateway without Redis, kept across configuration reloads (a reload does
   * not reset them); with {@code db.redis} they are counted in Redis for the whole cluster.
   */
  private final LoginThrottle localThrottle = new LoginThrottle(Clock.systemUTC());

  @Override
  public void contribute(Routes routes, PolicyContext context) {
    if (!context.enabledPolicies().contains("oauth2")) {
      // As Express Gateway: the authorization server is there when the oauth2 policy is enabled.
      context.logger().debug("oauth2_server_off reason=oauth2_not_in_policies");
      return;
    }
    Optional<OAuth2Store> store = context.service(OAuth2Store.class);
    Optional<IdentityService> identity = context.service(IdentityService.class);
    if (store.isEmpty() || identity.isEmpty()) {
      context.logger().warn("oauth2_server_disabled reason=no_identity_store");
      return;
    }
    SignInThrottle throttle =
        context
            .service(ScriptStore.class)
            .<SignInThrottle>map(scripts -> new RedisSignInThrottle(scripts, context.logger()))
            .orElse(localThrottle);
    Server server = new Server(store.get(), identity.get(), context, Clock.systemUTC(), throttle);
    routes
        .gateway(HttpMethod.POST, "/oauth2/token", server.tokens::handle)
        .gateway(HttpMethod.POST, "/oauth2/introspect", server::introspect)
        .gateway(HttpMethod.POST, "/oauth2/revoke", server::revoke)
        .gateway(HttpMethod.GET, "/.well-known/jwks.json", server::jwks)
        .gateway(HttpMethod.GET, "/.well-known/oauth-authorization-server", server::metadata);
    server.pages.register(routes);
  }

  /** One compiled configuration's server. */
  static final class Server {
    final OAuth2Store store;
    final Clients clients;
    final JwtTokens jwt;
    final TokenEndpoint tokens;
    final LoginPages pages;
    final Clock clock;
    final boolean jwtMode;

    Server(
        OAuth2Store store,
        IdentityService identity,
        PolicyContext context,
        Clock clock,
        SignInThrottle throttle) {
      this.store = store;
      this.clock = clock;
      JsonObject settings = store.settings();
      JsonObject access = settings.getJsonObject("accessTokens");
      this.jwtMode = "jwt".equals(access.getString("tokenType"));
      this.jwt = new JwtTokens(store, access);
      this.clients = new Clients(identity);
      this.tokens =
          new TokenEndpoint(
              store,
              identity,
              clients,
              jwtMode ? jwt : null,
              access.getLong("timeToExpiry"),
              clock,
              throttle,
              context.meterRegistry(),
              context.logger());
      this.pages = new LoginPages(store, identity, tokens, settings, jwtMode ? jwt : null, clock);
    }

    /** RFC 7662: any authenticated client may ask; inactive for anything not valid here. */
    Future<Response> introspect(Exchange exchange) {
      return Params.read(exchange)
          .compose(params -> clients.confidential(exchange, params).map(c -> params))
          .compose(
              params -> {
                String token = params.get("token");
                if (token == null) {
                  return OAuthError.invalidRequest("token is required").<JsonObject>future();
                }
                return describe(token, params.get("token_type_hint"));
              })
          .map(body -> OAuthError.noStore(Response.of(200).json(body)))
          .recover(TokenEndpoint::errorResponse);
    }

    private Future<JsonObject> describe(String token, String hint) {
      if (JwtTokens.looksLikeJwt(token)) {
        return jwt.verify(token, clock.instant())
            .map(claims -> claims.map(c -> active(c.json())).orElse(inactive()));
      }
      Future<Optional<StoredToken>> first =
          "refresh_token".equals(hint)
              ? store.findRefreshToken(token)
              : store.findAccessToken(token);
      return first
          .compose(
              found -> {
                if (found.isPresent()) {
                  return Future.succeededFuture(found);
                }
                return "refresh_token".equals(hint)
                    ? store.findAccessToken(token)
                    : store.findRefreshToken(token);
              })
          .map(found -> found.map(Server::active).orElse(inactive()));
    }

    private static JsonObject inactive() {
      return new JsonObject().put("active", false);
    }

    private static JsonObject active(StoredToken token) {
      JsonObject body =
          new JsonObject()
              .put("active", true)
              .put("client_id", token.grant().clientId())
              .put("token_type", token.type().name().equals("ACCESS") ? "Bearer" : "refresh_token")
              .put("iat", token.issuedAt().getEpochSecond())
              .put("exp", token.expiresAt().getEpochSecond())
              .put(
                  "sub",
                  token.grant().userId() != null
                      ? token.grant().userId()
                      : token.grant().clientId());
      if (!token.grant().scopes().isEmpty()) {
        body.put("scope", String.join(" ", token.grant().scopes()));
      }
      return body;
    }

    private static JsonObject active(JsonObject claims) {
      Object aud = claims.getValue("aud");
      JsonObject body =
          new JsonObject()
              .put("active", true)
              .put("token_type", "Bearer")
              .put("client_id", String.valueOf(claims.getValue("client_id")))
              .put("sub", claims.getString("sub"))
              .put("iss", claims.getString("iss"))
              .put("aud", aud instanceof JsonArray list ? list : new JsonArray().add(aud))
              .put("exp", claims.getLong("exp"))
              .put("jti", claims.getString("jti"));
      if (claims.getValue("iat") instanceof Number iat) {
        body.put("iat", iat.longValue());
      }
      Object scope = claims.getValue("scope");
      if (scope != null) {
        body.put("scope", String.valueOf(scope));
      }
      return body;
    }

    /** RFC 7009: 200 whether or not the token was known; a client revokes only its own tokens. */
    Future<Response> revoke(Exchange exchange) {
      return Params.read(exchange)
          .compose(
              params ->
                  clients
                      .confidential(exchange, params)
                      .compose(
                          client -> {
                            String token = params.get("token");
                            if (token == null) {
                              return OAuthError.invalidRequest("token is required").<Void>future();
                            }
                            return revokeOwn(client, token);
                          }))
          .map(v -> OAuthError.noStore(Response.of(200)))
          .recover(TokenEndpoint::errorResponse);
    }

    private Future<Void> revokeOwn(Client client, String token) {
      return store
          .findAccessToken(token)
          .compose(
              access ->
                  access.isPresent()
                      ? Future.succeededFuture(access)
                      : store.findRefreshToken(token))
          .compose(
              found ->
                  found.isPresent() && found.get().grant().clientId().equals(client.id())
                      ? store.revokeToken(token).<Void>mapEmpty()
                      : Future.<Void>succeededFuture());
    }

    Future<Response> jwks(Exchange exchange) {
      return jwt.jwks()
          .map(
              set ->
                  Response.of(200)
                      .body(set.toBuffer(), "application/jwk-set+json")
                      .header("Cache-Control", "public, max-age=60"));
    }

    /**
     * RFC 8414, with endpoint URLs on the issuer when it is a URL, else on the request's origin.
     */
    Future<Response> metadata(Exchange exchange) {
      String issuer = jwt.issuer();
      String base =
          issuer.startsWith("https://") || issuer.startsWith("http://")
              ? issuer.replaceAll("/+$", "")
              : exchange.scheme() + "://" + exchange.host();
      JsonArray grants =
          new JsonArray()
              .add("authorization_code")
              .add("client_credentials")
              .add("password")
              .add("refresh_token");
      JsonArray responseTypes = new JsonArray().add("code");
      if (pages.implicitAllowed()) {
        grants.add("implicit");
        responseTypes.add("token");
      }
      JsonObject body =
          new JsonObject()
              .put("issuer", issuer)
              .put("authorization_endpoint", base + "/oauth2/authorize")
              .put("token_endpoint", base + "/oauth2/token")
              .put("introspection_endpoint", base + "/oauth2/introspect")
              .put("revocation_endpoint", base + "/oauth2/revoke")
              .put("jwks_uri", base + "/.well-known/jwks.json")
              .put("grant_types_supported", grants)
              .put("response_types_supported", responseTypes)
              .put(
                  "token_endpoint_auth_methods_supported",
                  new JsonArray().add("client_secret_basic").add("client_secret_post").add("none"))
              .put("code_challenge_methods_supported", new JsonArray().add("S256"));
      return Future.succeededFuture(Response.of(200).json(body));
    }
  }
}
