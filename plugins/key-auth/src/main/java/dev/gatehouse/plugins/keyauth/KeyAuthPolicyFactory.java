package dev.gatehouse.plugins.keyauth;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.identity.IdentityService;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** {@code key-auth}: API keys {@code keyId:keySecret} from a header or the query (compat 3.3). */
@Extension
public final class KeyAuthPolicyFactory implements PolicyFactory<KeyAuthConfig> {

  @Override
  public String name() {
    return "key-auth";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{
          "apiKeyHeader":{"type":"string","minLength":1,"default":"Authorization"},
          "apiKeyHeaderScheme":{"type":"string","default":"apiKey"},
          "apiKeyField":{"type":"string","minLength":1,"default":"apiKey"},
          "disableHeaders":{"type":"boolean","default":false},
          "disableHeadersScheme":{"type":"boolean","default":false},
          "disableQueryParam":{"type":"boolean","default":false},
          "passThrough":{"type":"boolean","default":false}}}
        """);
  }

  @Override
  public Class<KeyAuthConfig> configType() {
    return KeyAuthConfig.class;
  }

  @Override
  public Policy create(KeyAuthConfig config, PolicyContext context) {
    if (config.disableHeaders() && config.disableQueryParam()) {
      throw new PolicyConfigException(
          "disableQueryParam",
          "disableHeaders and disableQueryParam are both true: no key could ever be read");
    }
    IdentityService identity =
        context
            .service(IdentityService.class)
            .orElseThrow(
                () ->
                    new PolicyConfigException(
                        "", "key-auth needs the gateway's identity store, which is not available"));
    return new KeyAuthPolicy(config, identity, context);
  }
}
