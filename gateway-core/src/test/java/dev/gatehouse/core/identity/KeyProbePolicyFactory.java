package dev.gatehouse.core.identity;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * A test-only policy ({@code test-identity-key}) that authenticates {@code x-api-key: keyId:secret}
 * through the {@link IdentityService} a plugin gets from its context, and answers 200 with the
 * consumer id or 401: an authentication plugin reduced to its use of the identity service.
 */
@Extension
public final class KeyProbePolicyFactory implements PolicyFactory<JsonObject> {

  @Override
  public String name() {
    return "test-identity-key";
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    IdentityService identity =
        context
            .service(IdentityService.class)
            .orElseThrow(() -> new PolicyConfigException("", "no identity service offered"));
    return exchange -> {
      String header = exchange.headers().get("x-api-key");
      String[] key = header == null ? new String[0] : header.split(":", 2);
      if (key.length < 2) {
        return Outcome.respond(Response.of(401));
      }
      return identity
          .findCredential(Credential.KEY_AUTH, key[0])
          .compose(
              found ->
                  found.filter(Credential::active).isPresent()
                      ? identity
                          .verifySecret(found.get(), key[1])
                          .map(ok -> ok ? found.get().consumerId() : null)
                      : Future.succeededFuture((String) null))
          .compose(
              consumer ->
                  consumer == null
                      ? Outcome.respond(Response.of(401))
                      : Outcome.respond(Response.of(200).text(consumer)));
    };
  }
}
