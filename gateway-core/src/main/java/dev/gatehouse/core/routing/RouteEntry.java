package dev.gatehouse.core.routing;

import java.util.Set;

/** One route of a {@link RouteTable}: a path, the methods it allows, and where it leads. */
record RouteEntry<T>(PathPattern path, Set<String> methods, T target) {

  /**
   * Whether the route takes {@code method}: any method when none are listed, and HEAD wherever GET
   * is allowed, as Express routes do.
   */
  boolean allows(String method) {
    return methods.isEmpty()
        || methods.contains(method)
        || (method.equals("HEAD") && methods.contains("GET"));
  }
}
