package dev.gatehouse.plugins.basicauth;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code basic-auth}: HTTP Basic against the identity store's basic-auth credentials. */
@Extension
public final class BasicAuthPolicyFactory implements PolicyFactory<BasicAuthConfig> {

  @Override
  public String name() {
    return "basic-auth";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{"passThrough":{"type":"boolean","default":false}}}
        """);
  }

  @Override
  public Class<BasicAuthConfig> configType() {
    return BasicAuthConfig.class;
  }

  @Override
  public Policy create(BasicAuthConfig config, PolicyContext context) {
    IdentityService identity =
        context
            .service(IdentityService.class)
            .orElseThrow(
                () ->
                    new PolicyConfigException(
                        "",
                        "basic-auth needs the gateway's identity store, which is not available"));
    return new BasicAuthPolicy(config, identity, context);
  }
}
