package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.oauth2.StoredToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * The {@code oauth2} policy: accepts access tokens this gateway issued, opaque or JWT as {@code
 * accessTokens.tokenType} says, from the {@code Authorization: Bearer} header or the {@code
 * access_token} query parameter. The token's client must still be an active consumer; the API
 * endpoint's scopes must all be granted (else 403). An opaque token's {@code Authorization} header
 * is not sent upstream.
 *
 * <pre>
 * - oauth2:
 *     - action:
 *         passThrough: false
 * </pre>
 */
@Extension
public final class OAuth2PolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "oauth2";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{
          "passThrough":{"type":"boolean","default":false},
          "jwt":{"type":["object","null"]}}}
        """);
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject config, PolicyContext context) {
    Optional<OAuth2Store> stored = context.service(OAuth2Store.class);
    Optional<IdentityService> identities = context.service(IdentityService.class);
    if (stored.isEmpty() || identities.isEmpty()) {
      // Checking a configuration (bin/gatehouse validate) runs without an identity store.
      return exchange ->
          Outcome.deny(
              Problem.of(503, "auth.unavailable", "Service Unavailable")
                  .withDetail("The gateway keeps no OAuth 2.0 tokens"));
    }
    OAuth2Store store = stored.get();
    IdentityService identity = identities.get();
    JsonObject access = store.settings().getJsonObject("accessTokens");
    boolean jwtMode = "jwt".equals(access.getString("tokenType"));
    JwtTokens jwt = jwtMode ? new JwtTokens(store, access) : null;
    return new OAuth2Policy(
        store, identity, jwt, config.getBoolean("passThrough", false), Clock.systemUTC());
  }

  /** One step's policy. */
  static final class OAuth2Policy implements Policy {
    private final OAuth2Store store;
    private final IdentityService identity;
    private final JwtTokens jwt;
    private final boolean passThrough;
    private final Clock clock;

    OAuth2Policy(
        OAuth2Store store,
        IdentityService identity,
        JwtTokens jwt,
        boolean passThrough,
        Clock clock) {
      this.store = store;
      this.identity = identity;
      this.jwt = jwt;
      this.passThrough = passThrough;
      this.clock = clock;
    }

    @Override
    public Future<Outcome> apply(Exchange exchange) {
      String token = Bearer.token(exchange);
      if (token == null) {
        return Bearer.missing(exchange, passThrough);
      }
      if (jwt != null && JwtTokens.looksLikeJwt(token)) {
        return jwt.verify(token, clock.instant())
            .compose(
                claims ->
                    claims.isEmpty()
                        ? Bearer.invalid(exchange, passThrough)
                        : fromJwt(exchange, claims.get().claims()));
      }
      return store
          .findAccessToken(token)
          .compose(
              found ->
                  found.isEmpty()
                      ? Bearer.invalid(exchange, passThrough)
                      : fromOpaque(exchange, found.get()));
    }

    private Future<Outcome> fromOpaque(Exchange exchange, StoredToken token) {
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("client_id", token.grant().clientId());
      if (token.grant().userId() != null) {
        claims.put("authenticatedUserId", token.grant().userId());
      }
      claims.put("exp", token.expiresAt().getEpochSecond());
      return admit(
          exchange,
          token.grant().clientId(),
          token.grant().userId(),
          token.grant().scopes(),
          token.id(),
          claims,
          true);
    }

    private Future<Outcome> fromJwt(Exchange exchange, Map<String, Object> claims) {
      Object client = claims.get("client_id");
      if (client == null) {
        return Bearer.invalid(exchange, passThrough);
      }
      Set<String> scopes = new TreeSet<>();
      Object scope = claims.get("scope");
      if (scope != null) {
        scopes.addAll(Clients.scopes(scope.toString()));
      }
      Object user = claims.get("authenticatedUserId");
      return admit(
          exchange,
          client.toString(),
          user == null ? null : user.toString(),
          scopes,
          String.valueOf(claims.get("jti")),
          claims,
          false);
    }

    private Future<Outcome> admit(
        Exchange exchange,
        String clientId,
        String userId,
        Set<String> scopes,
        String tokenId,
        Map<String, Object> claims,
        boolean opaque) {
      return identity
          .findConsumerById(clientId)
          .compose(
              client -> {
                if (client.isEmpty() || !client.get().active()) {
                  return Bearer.invalid(exchange, passThrough);
                }
                Future<Boolean> userValid =
                    userId == null
                        ? Future.succeededFuture(true)
                        : identity
                            .findConsumerById(userId)
                            .map(user -> user.isPresent() && user.get().active());
                return userValid.compose(
                    valid -> {
                      if (!valid) {
                        return Bearer.invalid(exchange, passThrough);
                      }
                      List<String> required = exchange.apiEndpoint().scopes();
                      if (!scopes.containsAll(required)) {
                        return Bearer.insufficientScope(
                            exchange, passThrough, String.join(" ", required));
                      }
                      Consumer consumer = client.get();
                      exchange.authenticate(
                          ConsumerIdentity.builder(consumer.id(), consumer.type())
                              .name(consumer.name())
                              .credential("oauth2", tokenId)
                              .scopes(scopes)
                              .claims(claims)
                              .properties(consumer.properties())
                              .build());
                      if (opaque) {
                        exchange.headers().remove("authorization");
                      }
                      return Outcome.proceed();
                    });
              });
    }
  }
}
