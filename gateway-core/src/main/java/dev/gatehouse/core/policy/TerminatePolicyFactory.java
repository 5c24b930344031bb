package dev.gatehouse.core.policy;

import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Problem;
import dev.gatehouse.api.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * {@code terminate}: answers the request with {@code statusCode} and {@code message}. An error
 * status is answered as problem+json with the message as {@code detail}; any other status with the
 * message as plain text (handy for a fixed answer or a health probe).
 */
@Extension
public final class TerminatePolicyFactory implements PolicyFactory<TerminatePolicyFactory.Config> {

  /**
   * @param statusCode the status to answer with (default 400)
   * @param message the body or problem detail (default {@code Terminated})
   */
  public record Config(int statusCode, String message) {}

  @Override
  public String name() {
    return "terminate";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{
          "statusCode":{"type":"integer","minimum":100,"maximum":599,"default":400},
          "message":{"type":"string","default":"Terminated"}}}
        """);
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Policy create(Config config, PolicyContext context) {
    if (config.statusCode() >= 400) {
      Problem problem =
          Problem.of(config.statusCode(), "terminated", reason(config.statusCode()))
              .withDetail(config.message());
      return exchange -> Outcome.deny(problem);
    }
    int status = config.statusCode();
    String message = config.message();
    // A fresh response per request: hooks of later requests must not see earlier changes.
    return exchange -> Future.succeededFuture(Outcome.answer(Response.of(status).text(message)));
  }

  private static String reason(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
