package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code pathmatch} (Express Gateway's rewrite plugin): the request path matches the Express path
 * {@code match}, in path-to-regexp 3.x syntax ({@link ExpressPathTemplate}). The captured
 * parameters are kept for the {@code rewrite} step as a {@link RewriteMatch.PathParams}.
 *
 * <p>The path is the one the request was routed on (or an earlier rewrite set), without the query
 * string; EG matched {@code req.url}, query included, so a query string could defeat the match.
 */
@Extension
public final class ExpressPathMatchConditionFactory implements ConditionFactory<MatchParams> {

  @Override
  public String name() {
    return "pathmatch";
  }

  @Override
  public JsonObject paramsSchema() {
    return MatchParams.SCHEMA;
  }

  @Override
  public Class<MatchParams> configType() {
    return MatchParams.class;
  }

  @Override
  public Condition create(MatchParams params, PolicyContext context) {
    ExpressPathTemplate path;
    try {
      path = ExpressPathTemplate.parse(params.match());
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("match", "not a valid Express path: " + e.getMessage());
    }
    if (path.hasLiteral('*')) {
      context
          .logger()
          .warn(
              "config_warning pipeline={} pathmatch '{}': '*' is a literal character here"
                  + " (path-to-regexp 3.x, as in Express Gateway); write ':rest*' or '(.*)' to"
                  + " match any rest of the path",
              context.pipelineName(),
              path);
    }
    return exchange -> {
      Map<String, String> captured = path.match(exchange.path());
      if (captured == null) {
        return false;
      }
      exchange.put(RewriteMatch.KEY, new RewriteMatch.PathParams(captured));
      return true;
    };
  }
}
