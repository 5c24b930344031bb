package dev.gatehouse.core.routing;

import java.util.Map;
import java.util.Objects;

/**
 * A route that matched a request: what it leads to and the path parameters it captured ({@code
 * req.params} in EG).
 *
 * @param target what the route was added with (the API endpoint and its pipeline)
 * @param params the path parameters; immutable, empty when there are none
 */
public record RouteMatch<T>(T target, Map<String, String> params) {

  /** A match; the map is taken as it is and must not change. */
  public RouteMatch {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(params, "params");
  }
}
