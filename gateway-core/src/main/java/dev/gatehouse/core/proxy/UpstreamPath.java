package dev.gatehouse.core.proxy;

/**
 * Computes the request target sent upstream from the request's path and query, the target URL's
 * path and the proxy's {@code stripPath}, {@code prependPath} and {@code ignorePath}, as Express
 * Gateway (http-proxy) does.
 *
 * <p>Examples with target {@code http://svc/anything}, endpoint {@code /public/api/billing*} and
 * request {@code /public/api/billing/byName?name=Clark}: default {@code
 * /anything/public/api/billing/byName?name=Clark}; {@code prependPath: false} {@code
 * /public/api/billing/byName?name=Clark}; {@code ignorePath: true} {@code /anything}; {@code
 * stripPath: true} {@code /anything/byName?name=Clark}.
 */
final class UpstreamPath {

  private UpstreamPath() {}

  /**
   * @param targetPath the path of the service endpoint's URL ({@code ""} or {@code /} for none)
   * @param path the request path (normalised, or rewritten by a policy)
   * @param query the raw query, or null
   * @param matchedPattern the Express path of the route that matched, or null (pathRegex)
   */
  static String of(
      String targetPath,
      String path,
      String query,
      String matchedPattern,
      boolean stripPath,
      boolean prependPath,
      boolean ignorePath) {
    String request = ignorePath ? "" : strip(path, matchedPattern, stripPath);
    String prefix = prependPath ? targetPath : "";
    String joined = join(prefix, request);
    if (ignorePath || query == null) {
      return joined;
    }
    return joined + "?" + query;
  }

  /**
   * EG's stripPath: everything up to the first {@code :} or {@code *} of the matched pattern is
   * removed; a pattern without either strips the whole path.
   */
  private static String strip(String path, String pattern, boolean stripPath) {
    if (!stripPath || pattern == null) {
      return path;
    }
    int wildcard = firstWildcard(pattern);
    if (wildcard < 0) {
      return "/";
    }
    return wildcard >= path.length() ? "" : path.substring(wildcard);
  }

  private static int firstWildcard(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == ':' || c == '*') {
        return i;
      }
    }
    return -1;
  }

  /** Joins non-empty parts with {@code /}, collapses repeated slashes and starts with one. */
  private static String join(String prefix, String request) {
    StringBuilder out = new StringBuilder(prefix.length() + request.length() + 2);
    out.append('/');
    appendCollapsed(out, prefix);
    if (!request.isEmpty()) {
      appendCollapsed(out, "/");
      appendCollapsed(out, request);
    }
    return out.toString();
  }

  private static void appendCollapsed(StringBuilder out, String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '/' && out.charAt(out.length() - 1) == '/') {
        continue;
      }
      out.append(c);
    }
  }
}
