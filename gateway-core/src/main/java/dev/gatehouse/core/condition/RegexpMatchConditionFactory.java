package dev.gatehouse.core.condition;

import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import java.util.function.Function;
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
public final class RegexpMatchConditionFactory extends RewriteMatchConditionFactory {

  public RegexpMatchConditionFactory() {
    super("regexpmatch");
  }

  @Override
  Function<String, RewriteMatch> matcher(String match, PolicyContext context) {
    Pattern regex;
    try {
      regex = Pattern.compile(match);
    } catch (PatternSyntaxException e) {
      throw new PolicyConfigException(
          "match", "not a valid regular expression: " + e.getDescription());
    }
    return path -> {
      Matcher found = regex.matcher(path);
      return found.find() ? new RewriteMatch.RegexGroups(found, path) : null;
    };
  }
}
