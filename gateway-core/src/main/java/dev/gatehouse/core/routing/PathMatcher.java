package dev.gatehouse.core.routing;

import java.util.List;

/** A compiled path: matches a request path and says where each parameter's value lies. */
interface PathMatcher {

  /** Shared result for a match of a path without parameters; never written to. */
  int[] NO_CAPTURES = new int[0];

  /**
   * Matches {@code path}.
   *
   * @return null when the path does not match; else, for each of {@link #keys()}, the start and end
   *     index of its value in {@code path}, both -1 when it took no part in the match
   */
  int[] match(String path);

  /** The parameter names, in capture order; a name may repeat. */
  List<String> keys();
}
