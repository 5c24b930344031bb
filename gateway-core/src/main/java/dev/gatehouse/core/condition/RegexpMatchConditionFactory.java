package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.pf4j.Extension;

/**
 * {@code regexpmatch} (Express Gateway's rewrite plugin): the regular expression {@code match} is
 * found in the request path (unanchored, case-sensitive, as {@code new RegExp(match)}). The match
 * is kept for the {@code rewrite} step as a {@link RewriteMatch.RegexGroups}.
 *
 * <p>The path is the one the request was routed on (or an earlier rewrite set), without the query
 * string; EG searched {@code req.url}, query included.
 */
@Extension
public final class RegexpMatchConditionFactory implements ConditionFactory<MatchParams> {

  @Override
  public String name() {
    return "regexpmatch";
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
    Pattern regex;
    try {
      regex = Pattern.compile(params.match());
    } catch (PatternSyntaxException e) {
      throw new PolicyConfigException(
          "match", "not a valid regular expression: " + e.getDescription());
    }
    return exchange -> {
      String path = exchange.path();
      Matcher match = regex.matcher(path);
      if (!match.find()) {
        return false;
      }
      exchange.put(RewriteMatch.KEY, new RewriteMatch.RegexGroups(match, path));
      return true;
    };
  }
}
