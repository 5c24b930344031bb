package dev.gatehouse.core.condition;

import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import java.util.Map;
import java.util.function.Function;
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
public final class ExpressPathMatchConditionFactory extends RewriteMatchConditionFactory {

  public ExpressPathMatchConditionFactory() {
    super("pathmatch");
  }

  @Override
  Function<String, RewriteMatch> matcher(String match, PolicyContext context) {
    ExpressPathTemplate template;
    try {
      template = ExpressPathTemplate.parse(match);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("match", "not a valid Express path: " + e.getMessage());
    }
    if (template.hasLiteral('*')) {
      context
          .logger()
          .warn(
              "config_warning pipeline={} pathmatch '{}': '*' is a literal character here"
                  + " (path-to-regexp 3.x, as in Express Gateway); write ':rest*' or '(.*)' to"
                  + " match any rest of the path",
              context.pipelineName(),
              template);
    }
    return path -> {
      Map<String, String> captured = template.match(path);
      return captured == null ? null : new RewriteMatch.PathParams(captured);
    };
  }
}
