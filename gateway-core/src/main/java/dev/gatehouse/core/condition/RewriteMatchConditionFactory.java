package dev.gatehouse.core.condition;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.PolicyContext;
import java.util.function.Function;

/**
 * A condition of Express Gateway's rewrite plugin ({@code pathmatch}, {@code regexpmatch}): the
 * request path matches {@code match}; what the match found is kept on the exchange as the {@link
 * RewriteMatch} for the {@code rewrite} step it gates.
 *
 * <p>The path is the one the request was routed on (or an earlier rewrite set), without the query
 * string.
 */
abstract class RewriteMatchConditionFactory extends DeclaredConditionFactory<MatchParams> {

  RewriteMatchConditionFactory(String name) {
    super(name, MatchParams.SCHEMA, MatchParams.class);
  }

  @Override
  public final Condition create(MatchParams params, PolicyContext context) {
    Function<String, RewriteMatch> matcher = matcher(params.match(), context);
    return exchange -> {
      RewriteMatch found = matcher.apply(exchange.path());
      if (found == null) {
        return false;
      }
      exchange.put(RewriteMatch.KEY, found);
      return true;
    };
  }

  /**
   * Compiles {@code match} once, throwing {@link dev.gatehouse.api.PolicyConfigException} when it
   * is not valid.
   *
   * @return what {@code match} finds in a path; null where it finds nothing
   */
  abstract Function<String, RewriteMatch> matcher(String match, PolicyContext context);
}
