package dev.gatehouse.core.policy;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.Response;
import dev.gatehouse.core.condition.ExpressPathTemplate;
import dev.gatehouse.core.condition.RewriteMatch;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A compiled {@code rewrite} step; see {@link RewritePolicyFactory}. */
final class RewritePolicy implements Policy {

  private static final String NOT_GATED =
      "the rewrite step ran without a match: gate it with a 'pathmatch' or 'regexpmatch'"
          + " condition, e.g. condition: {name: pathmatch, match: '/old/:id'}";

  private static final String HEX = "0123456789ABCDEF";

  private final ExpressPathTemplate template;
  private final RegexReplacement replacement;
  private final int redirect;

  /**
   * @param redirect the redirect status, or 0 to rewrite the path and continue
   */
  RewritePolicy(ExpressPathTemplate template, RegexReplacement replacement, int redirect) {
    this.template = template;
    this.replacement = replacement;
    this.redirect = redirect;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    RewriteMatch match = exchange.get(RewriteMatch.KEY);
    if (match == null) {
      return Future.failedFuture(new IllegalStateException(NOT_GATED));
    }
    // Consumed: a later rewrite step needs a match of its own.
    exchange.put(RewriteMatch.KEY, null);
    String target;
    try {
      target = encode(rewrite(match));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          new IllegalStateException("the rewrite template cannot be filled: " + e.getMessage()));
    }
    if (redirect == 0) {
      // As EG's proxy joined it to the upstream path, a relative result is taken from the root.
      exchange.setPath(target.startsWith("/") ? target : "/" + target);
      return Outcome.proceed();
    }
    return Outcome.respond(
        Response.of(redirect)
            .header(HttpHeaders.LOCATION.toString(), withQuery(target, exchange.query())));
  }

  private String rewrite(RewriteMatch match) {
    if (match instanceof RewriteMatch.PathParams path) {
      return template.fill(path.params());
    }
    RewriteMatch.RegexGroups groups = (RewriteMatch.RegexGroups) match;
    return replacement.apply(groups.match(), groups.path());
  }

  /** The target with the request's query string, which a redirect keeps, before any fragment. */
  private static String withQuery(String target, String query) {
    if (query == null) {
      return target;
    }
    int hash = target.indexOf('#');
    String base = hash < 0 ? target : target.substring(0, hash);
    String fragment = hash < 0 ? "" : target.substring(hash);
    return base + (base.indexOf('?') < 0 ? "?" : "&") + query + fragment;
  }

  /**
   * Percent-encodes what may not appear in a URL (spaces, non-ASCII text of the template), as
   * Express's {@code res.redirect} does; valid escapes and URL characters stay as they are.
   */
  private static String encode(String url) {
    StringBuilder out = null;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (isUrlChar(c) || (c == '%' && isEscape(url, i))) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(url.length() + 16).append(url, 0, i);
      }
      int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
      for (byte b : url.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
      }
      i = end - 1;
    }
    return out == null ? url : out.toString();
  }

  /** RFC 3986 unreserved and reserved characters. */
  private static boolean isUrlChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~:/?#[]@!$&'()*+,;=".indexOf(c) >= 0;
  }

  private static boolean isEscape(String url, int percent) {
    return percent + 2 < url.length()
        && Character.digit(url.charAt(percent + 1), 16) >= 0
        && Character.digit(url.charAt(percent + 2), 16) >= 0;
  }
}
