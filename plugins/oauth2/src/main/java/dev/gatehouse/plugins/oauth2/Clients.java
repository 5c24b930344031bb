package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.Future;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * Client authentication at the token, introspection and revocation endpoints: {@code
 * client_secret_basic} (HTTP Basic, id and secret form-encoded as RFC 6749 section 2.3.1 says) or
 * {@code client_secret_post} ({@code client_id} and {@code client_secret} parameters), against the
 * client's active {@code oauth2} credential. A client that sends its id without a secret is a
 * public client, accepted only where the caller allows it (the code grant with PKCE).
 */
final class Clients {

  /** An authenticated (or, when {@code confidential} is false, identified) client. */
  record Client(Consumer consumer, Credential credential, boolean confidential) {
    String id() {
      return consumer.id();
    }

    Set<String> scopes() {
      return credential.scopes();
    }
  }

  private final IdentityService identity;

  Clients(IdentityService identity) {
    this.identity = identity;
  }

  /** The client identified by the request; fails with {@code invalid_client}. */
  Future<Client> authenticate(Exchange exchange, Params params) {
    String id = params.get("client_id");
    String secret = params.get("client_secret");
    String header = exchange.headers().get("authorization");
    if (header != null && header.regionMatches(true, 0, "basic ", 0, 6)) {
      if (secret != null) {
        return OAuthError.invalidRequest("Use one client authentication method").future();
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return OAuthError.invalidClient().future();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return OAuthError.invalidClient().future();
      }
      String basicId = formDecode(decoded.substring(0, colon));
      if (id != null && !id.equals(basicId)) {
        return OAuthError.invalidRequest("client_id does not match the Authorization header")
            .future();
      }
      id = basicId;
      secret = formDecode(decoded.substring(colon + 1));
    }
    if (id == null) {
      return OAuthError.invalidClient().future();
    }
    String clientId = id;
    String presented = secret;
    return identity
        .findCredential(Credential.OAUTH2, clientId)
        .compose(
            credential -> {
              if (credential.isEmpty() || !credential.get().active()) {
                return OAuthError.invalidClient().future();
              }
              return identity
                  .findConsumerById(clientId)
                  .compose(
                      consumer -> {
                        if (consumer.isEmpty() || !consumer.get().active()) {
                          return OAuthError.invalidClient().future();
                        }
                        if (presented == null) {
                          return Future.succeededFuture(
                              new Client(consumer.get(), credential.get(), false));
                        }
                        return identity
                            .verifySecret(credential.get(), presented)
                            .compose(
                                ok ->
                                    ok
                                        ? Future.succeededFuture(
                                            new Client(consumer.get(), credential.get(), true))
                                        : OAuthError.invalidClient().<Client>future());
                      });
            });
  }

  /** As {@link #authenticate}, refusing public clients. */
  Future<Client> confidential(Exchange exchange, Params params) {
    return authenticate(exchange, params)
        .compose(
            client ->
                client.confidential()
                    ? Future.succeededFuture(client)
                    : OAuthError.invalidClient().<Client>future());
  }

  private static String formDecode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** Splits a {@code scope} parameter on spaces; empty for null. */
  static Set<String> scopes(String scope) {
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    return new TreeSet<>(Arrays.asList(scope.trim().split("\\s+")));
  }
}
