package dev.gatehouse.core.condition;

import dev.gatehouse.api.AttributeKey;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * What a {@code pathmatch} or {@code regexpmatch} condition found in the request path, kept on the
 * exchange for the {@code rewrite} step it gates (Express Gateway's {@code
 * egContext.matchedCondition}). A condition that holds replaces the previous match; one that does
 * not leaves it, as in EG.
 */
public sealed interface RewriteMatch {

  /** Where the conditions leave their match for the {@code rewrite} policy. */
  AttributeKey<RewriteMatch> KEY = AttributeKey.create("rewrite.match", RewriteMatch.class);

  /**
   * A {@code pathmatch}: the parameters its Express path captured.
   *
   * @param params parameter values as they appear in the path
   */
  record PathParams(Map<String, String> params) implements RewriteMatch {}

  /**
   * A {@code regexpmatch}: its regular expression's first match in the path.
   *
   * @param match the matcher, positioned on the match; it belongs to this one request
   * @param path the path it matched in
   */
  record RegexGroups(Matcher match, String path) implements RewriteMatch {}
}
