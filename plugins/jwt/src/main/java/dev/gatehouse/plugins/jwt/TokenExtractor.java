package dev.gatehouse.plugins.jwt;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.PolicyConfigException;
import io.vertx.core.http.HttpHeaders;

/**
 * Where a step finds its token, Express Gateway's {@code jwtExtractor}: {@code authBearer} ({@code
 * Authorization: Bearer <token>}), {@code authScheme} ({@code Authorization: <field> <token>}),
 * {@code header} (the header named by the field) or {@code query} (the query parameter named by the
 * field). Schemes compare without case.
 */
@FunctionalInterface
interface TokenExtractor {

  /** The token, or null when the request carries none where this extractor looks. */
  String extract(Exchange exchange);

  /** The authentication scheme a challenge names: the Authorization scheme, else Bearer. */
  static String challengeScheme(String extractor, String field) {
    return "authScheme".equals(extractor) ? field : "Bearer";
  }

  static TokenExtractor of(String extractor, String field) {
    if (!"authBearer".equals(extractor) && (field == null || field.isEmpty())) {
      throw new PolicyConfigException(
          "jwtExtractorField", "jwtExtractor '" + extractor + "' needs a jwtExtractorField");
    }
    return switch (extractor) {
      case "authBearer" -> fromAuthorization("Bearer");
      case "authScheme" -> fromAuthorization(field);
      case "header" ->
          exchange -> {
            String value = exchange.headers().get(field);
            return value == null || value.isBlank() ? null : value.trim();
          };
      case "query" ->
          exchange -> {
            String value = exchange.queryParams().get(field);
            return value == null || value.isEmpty() ? null : value;
          };
      default ->
          throw new PolicyConfigException("jwtExtractor", "unknown extractor '" + extractor + "'");
    };
  }

  private static TokenExtractor fromAuthorization(String scheme) {
    String prefix = scheme + " ";
    return exchange -> {
      String value = exchange.headers().get(HttpHeaders.AUTHORIZATION);
      if (value == null || !value.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return null;
      }
      String token = value.substring(prefix.length()).trim();
      return token.isEmpty() ? null : token;
    };
  }
}
