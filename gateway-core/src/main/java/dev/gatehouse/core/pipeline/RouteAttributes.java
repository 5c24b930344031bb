package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.AttributeKey;

/** Exchange attributes the core sets while routing, for built-in policies. */
public final class RouteAttributes {

  /** The Express path pattern of the matched route; absent for {@code pathRegex} routes. */
  public static final AttributeKey<String> MATCHED_PATTERN =
      AttributeKey.create("gatehouse.matched-pattern", String.class);

  private RouteAttributes() {}
}
