package dev.gatehouse.plugins.cors;

import dev.gatehouse.api.PolicyConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code origin} allows, as expressjs/cors reads it: {@code *} (or absent) any origin with a
 * literal {@code *}; a string, that one fixed value; {@code true} the request's origin reflected;
 * {@code false} CORS off; a {@code !!js/regexp} or a list of strings and regexps, the request's
 * origin reflected when one matches (a regexp matches anywhere in the origin, like JavaScript's
 * {@code test}) and no {@code Access-Control-Allow-Origin} otherwise.
 */
sealed interface AllowedOrigins {

  /** {@code Access-Control-Allow-Origin: *}, no {@code Vary}. */
  record Any() implements AllowedOrigins {}

  /** One fixed value, whatever the request's origin, with {@code Vary: Origin}. */
  record Fixed(String value) implements AllowedOrigins {}

  /** The request's origin when {@code allowed} says so, with {@code Vary: Origin}. */
  record Reflected(Predicate<String> allowed) implements AllowedOrigins {}

  /** {@code origin: false}: the step does nothing. */
  record Disabled() implements AllowedOrigins {}

  static AllowedOrigins of(Object origin) {
    if (origin == null || "*".equals(origin)) {
      return new Any();
    }
    if (Boolean.FALSE.equals(origin)) {
      return new Disabled();
    }
    if (Boolean.TRUE.equals(origin)) {
      return new Reflected(requestOrigin -> true);
    }
    if (origin instanceof String fixed) {
      return new Fixed(fixed);
    }
    if (origin instanceof JsonObject regexp) {
      Pattern pattern = pattern(regexp, "origin");
      return new Reflected(requestOrigin -> pattern.matcher(requestOrigin).find());
    }
    if (origin instanceof JsonArray list) {
      List<Predicate<String>> matchers = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Object item = list.getValue(i);
        if (item instanceof JsonObject regexp) {
          Pattern pattern = pattern(regexp, "origin[" + i + "]");
          matchers.add(requestOrigin -> pattern.matcher(requestOrigin).find());
        } else {
          String exact = String.valueOf(item);
          matchers.add(exact::equals);
        }
      }
      return new Reflected(
          requestOrigin -> matchers.stream().anyMatch(matcher -> matcher.test(requestOrigin)));
    }
    throw new PolicyConfigException(
        "origin", "expected *, a string, true, false, a !!js/regexp or a list of these");
  }

  /** A JavaScript regexp's pattern and flags ({@code i}, {@code m}; {@code g} changes nothing). */
  private static Pattern pattern(JsonObject regexp, String path) {
    String flags = regexp.getString("$flags", "");
    int options = 0;
    if (flags.contains("i")) {
      options |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    }
    if (flags.contains("m")) {
      options |= Pattern.MULTILINE;
    }
    try {
      return Pattern.compile(regexp.getString("$regexp"), options);
    } catch (PatternSyntaxException e) {
      throw new PolicyConfigException(path, "invalid regular expression: " + e.getDescription());
    }
  }
}
