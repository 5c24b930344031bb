package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * {@code hostMatch}: the {@code Host} header, port included as in Express Gateway, matches the glob
 * {@code pattern} ({@code *}, {@code ?}, {@code [a-z]}, {@code {a,b}}). A request without a {@code
 * Host} header never matches.
 */
@Extension
public final class HostMatchConditionFactory
    implements ConditionFactory<HostMatchConditionFactory.Params> {

  /**
   * @param pattern a glob
   */
  public record Params(String pattern) {}

  @Override
  public String name() {
    return "hostMatch";
  }

  @Override
  public JsonObject paramsSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["pattern"],"properties":{"pattern":{"type":"string"}}}
        """);
  }

  @Override
  public Class<Params> configType() {
    return Params.class;
  }

  @Override
  public Condition create(Params params, PolicyContext context) {
    Pattern glob;
    try {
      glob = Glob.compile(params.pattern());
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("pattern", e.getMessage());
    }
    return exchange -> {
      String host = exchange.headers().get(HttpHeaders.HOST);
      return host != null && glob.matcher(host).matches();
    };
  }
}
