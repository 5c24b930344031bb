package dev.gatehouse.core.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of one host, in the order they were added, indexed by the first path segment they
 * require: a path is tested only against the routes that fix its first segment and those that fix
 * none, still in the order they were added.
 */
final class HostGroup<T> {

  private final HostPattern host;
  private final Map<String, List<RouteEntry<T>>> bySegment;
  private final List<RouteEntry<T>> unindexed;

  HostGroup(HostPattern host, List<RouteEntry<T>> routes) {
    this.host = host;
    this.unindexed = routes.stream().filter(route -> segmentOf(route) == null).toList();
    Set<String> segments = new LinkedHashSet<>();
    for (RouteEntry<T> route : routes) {
      if (segmentOf(route) != null) {
        segments.add(segmentOf(route));
      }
    }
    Map<String, List<RouteEntry<T>>> index = new HashMap<>();
    for (String segment : segments) {
      List<RouteEntry<T>> candidates = new ArrayList<>();
      for (RouteEntry<T> route : routes) {
        if (segmentOf(route) == null || segmentOf(route).equals(segment)) {
          candidates.add(route);
        }
      }
      index.put(segment, List.copyOf(candidates));
    }
    this.bySegment = Map.copyOf(index);
  }

  HostPattern host() {
    return host;
  }

  /** The routes that can match a path whose lower-cased first segment is {@code segment}. */
  List<RouteEntry<T>> candidates(String segment) {
    return bySegment.getOrDefault(segment, unindexed);
  }

  private static String segmentOf(RouteEntry<?> route) {
    return route.path().leadingLiteral();
  }
}
