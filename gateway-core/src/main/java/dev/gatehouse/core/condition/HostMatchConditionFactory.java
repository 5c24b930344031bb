package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
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
public final class HostMatchConditionFactory implements ConditionFactory<PatternParams> {

  @Override
  public String name() {
    return "hostMatch";
  }

  @Override
  public JsonObject paramsSchema() {
    return PatternParams.SCHEMA;
  }

  @Override
  public Class<PatternParams> configType() {
    return PatternParams.class;
  }

  @Override
  public Condition create(PatternParams params, PolicyContext context) {
    Pattern glob = params.compile(Glob::compile);
    return exchange -> {
      String host = exchange.headers().get(HttpHeaders.HOST);
      return host != null && glob.matcher(host).matches();
    };
  }
}
