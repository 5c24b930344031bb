package dev.gatehouse.core.routing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The API endpoints of a configuration, compiled for dispatch in EG's order: routes are grouped by
 * host ({@link HostPattern#key()}), the groups in the order their host first appeared and the
 * routes of a group in the order they were added. A request is offered every route that matches its
 * host, method and path, in that order, so that a pipeline that does not answer falls through to
 * the next one, as in EG.
 *
 * <pre>{@code
 * RouteTable<Endpoint> table = RouteTable.<Endpoint>builder()
 *     .add(HostPattern.glob("*.acme.com"), PathPattern.express("/admin/:id"), Set.of("GET"), admin)
 *     .add(HostPattern.any(), PathPattern.express("*"), Set.of(), fallback)
 *     .build();
 * for (Iterator<RouteMatch<Endpoint>> it = table.matches(host, "GET", path); it.hasNext(); ) {
 *   RouteMatch<Endpoint> match = it.next(); // run its pipeline; stop when it answers
 * }
 * }</pre>
 *
 * <p>Thread safety: a table is immutable once built and is shared by all event loops without
 * locking. Each iterator it returns belongs to one request and is not thread-safe.
 *
 * @param <T> what a route leads to
 */
public final class RouteTable<T> {

  private final List<HostGroup<T>> groups;

  private RouteTable(List<HostGroup<T>> groups) {
    this.groups = List.copyOf(groups);
  }

  /** A builder for a table. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /**
   * Every route that matches the request, lazily, in dispatch order. A route matches when its host
   * pattern matches {@code host}, it allows {@code method} (HEAD also takes routes that allow GET)
   * and its path pattern matches {@code path}.
   *
   * @param host the Host header's name, lower-cased and without its port; null when absent
   * @param method the request method as sent, upper-case
   * @param path the normalised path ({@link PathNormalizer}), without the query
   * @return the matches; {@code hasNext} throws {@link MalformedPathException} when a matching
   *     route's path parameter is not valid percent-encoded UTF-8 (Express answers 400 there)
   */
  public Iterator<RouteMatch<T>> matches(String host, String method, String path) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    return new MatchIterator<>(groups, host, method, path);
  }

  /**
   * Collects routes in dispatch order. Not thread-safe; {@link #build()} copies what it has, so one
   * builder can build several tables.
   *
   * @param <T> what a route leads to
   */
  public static final class Builder<T> {

    private final Map<String, HostPattern> hosts = new LinkedHashMap<>();
    private final Map<String, List<RouteEntry<T>>> routesByHost = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a route after those already added.
     *
     * @param methods the upper-case methods the route allows; empty for any method
     * @throws IllegalArgumentException when a method is blank, not upper-case or {@code *}
     */
    public Builder<T> add(HostPattern host, PathPattern path, Set<String> methods, T target) {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(target, "target");
      for (String method : methods) {
        checkMethod(method);
      }
      hosts.putIfAbsent(host.key(), host);
      routesByHost
          .computeIfAbsent(host.key(), key -> new ArrayList<>())
          .add(new RouteEntry<>(path, Set.copyOf(methods), target));
      return this;
    }

    /** The table of the routes added so far. */
    public RouteTable<T> build() {
      List<HostGroup<T>> groups = new ArrayList<>();
      routesByHost.forEach((key, routes) -> groups.add(new HostGroup<>(hosts.get(key), routes)));
      return new RouteTable<>(groups);
    }

    private static void checkMethod(String method) {
      if (method.isBlank()
          || method.equals("*")
          || !method.equals(method.toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "method '"
                + method
                + "' must be an upper-case method name; leave the set empty for any method");
      }
    }
  }

  /** Walks the host groups and their candidate routes, matching as it goes. */
  private static final class MatchIterator<T> implements Iterator<RouteMatch<T>> {

    private final List<HostGroup<T>> groups;
    private final String host;
    private final String method;
    private final String path;
    private final String firstSegment;
    private int group = -1;
    private List<RouteEntry<T>> candidates = List.of();
    private int candidate;
    private RouteMatch<T> next;

    MatchIterator(List<HostGroup<T>> groups, String host, String method, String path) {
      this.groups = groups;
      this.host = host;
      this.method = method;
      this.path = path;
      this.firstSegment = firstSegment(path);
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public RouteMatch<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RouteMatch<T> match = next;
      next = null;
      return match;
    }

    private RouteMatch<T> advance() {
      while (true) {
        while (candidate < candidates.size()) {
          RouteEntry<T> route = candidates.get(candidate++);
          if (route.allows(method)) {
            Map<String, String> params = route.path().match(path);
            if (params != null) {
              return new RouteMatch<>(route.target(), params);
            }
          }
        }
        if (group + 1 >= groups.size()) {
          return null;
        }
        HostGroup<T> hostGroup = groups.get(++group);
        candidates =
            hostGroup.host().matches(host) ? hostGroup.candidates(firstSegment) : List.of();
        candidate = 0;
      }
    }

    /** The path's first segment, lower-cased, as the host groups index it; "" for none. */
    private static String firstSegment(String path) {
      if (path.length() < 2 || path.charAt(0) != '/') {
        return "";
      }
      int end = path.indexOf('/', 1);
      return AsciiCase.lower(path, 1, end < 0 ? path.length() : end);
    }
  }
}
