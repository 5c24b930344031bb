package dev.gatehouse.plugins.cors;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.ResponseHook;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * One {@code cors} step. An {@code OPTIONS} request is a preflight, as in expressjs/cors: it is
 * answered here with {@code optionsSuccessStatus} and an empty body (or, with {@code
 * preflightContinue}, goes on and its response gets the headers). Any other request goes on, and
 * its response, whoever gives it (the upstream, or a later policy that denies it), gets {@code
 * Access-Control-Allow-Origin}, {@code -Allow-Credentials} and {@code -Expose-Headers}.
 */
final class CorsPolicy implements Policy {

  static final List<String> DEFAULT_METHODS =
      List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");

  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  private static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
  private static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
  private static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
  private static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  private static final String MAX_AGE = "Access-Control-Max-Age";
  private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
  private static final String VARY = "Vary";

  private final AllowedOrigins origins;
  private final String methods;
  private final String allowedHeaders;
  private final String exposedHeaders;
  private final boolean credentials;
  private final String maxAge;
  private final int optionsSuccessStatus;
  private final boolean preflightContinue;

  /**
   * @param allowedHeaders the allowed headers, or null to reflect the preflight's request
   * @param exposedHeaders the exposed headers, or null for none
   * @param maxAge seconds a preflight may be cached, or null to say nothing
   */
  CorsPolicy(
      AllowedOrigins origins,
      String methods,
      String allowedHeaders,
      String exposedHeaders,
      boolean credentials,
      String maxAge,
      int optionsSuccessStatus,
      boolean preflightContinue) {
    this.origins = origins;
    this.methods = methods;
    this.allowedHeaders = allowedHeaders;
    this.exposedHeaders = exposedHeaders;
    this.credentials = credentials;
    this.maxAge = maxAge;
    this.optionsSuccessStatus = optionsSuccessStatus;
    this.preflightContinue = preflightContinue;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange) {
    if (origins instanceof AllowedOrigins.Disabled) {
      return Outcome.proceed();
    }
    MultiMap request = exchange.headers();
    String origin = request.get("Origin");
    if (exchange.method() == HttpMethod.OPTIONS) {
      String requested = request.get(REQUEST_HEADERS);
      if (preflightContinue) {
        exchange.onResponse(ResponseHook.headers(h -> preflight(h, origin, requested)));
        return Outcome.proceed();
      }
      Response answer = Response.of(optionsSuccessStatus);
      if (optionsSuccessStatus != 204) {
        // An empty body, said explicitly (a 204 must not carry Content-Length).
        answer.header("Content-Length", "0");
      }
      preflight(answer.headers(), origin, requested);
      return Outcome.respond(answer);
    }
    exchange.onResponse(ResponseHook.headers(h -> actual(h, origin)));
    return Outcome.proceed();
  }

  /** The headers of a preflight's answer. */
  private void preflight(MultiMap headers, String origin, String requestedHeaders) {
    origin(headers, origin);
    if (credentials) {
      headers.set(ALLOW_CREDENTIALS, "true");
    }
    headers.set(ALLOW_METHODS, methods);
    if (allowedHeaders == null) {
      vary(headers, REQUEST_HEADERS);
      if (requestedHeaders != null && !requestedHeaders.isEmpty()) {
        headers.set(ALLOW_HEADERS, requestedHeaders);
      }
    } else if (!allowedHeaders.isEmpty()) {
      headers.set(ALLOW_HEADERS, allowedHeaders);
    }
    if (maxAge != null) {
      headers.set(MAX_AGE, maxAge);
    }
    if (exposedHeaders != null) {
      headers.set(EXPOSE_HEADERS, exposedHeaders);
    }
  }

  /** The headers of an actual request's response. */
  private void actual(MultiMap headers, String origin) {
    origin(headers, origin);
    if (credentials) {
      headers.set(ALLOW_CREDENTIALS, "true");
    }
    if (exposedHeaders != null) {
      headers.set(EXPOSE_HEADERS, exposedHeaders);
    }
  }

  private void origin(MultiMap headers, String origin) {
    if (origins instanceof AllowedOrigins.Any) {
      headers.set(ALLOW_ORIGIN, "*");
    } else if (origins instanceof AllowedOrigins.Fixed fixed) {
      headers.set(ALLOW_ORIGIN, fixed.value());
      vary(headers, "Origin");
    } else if (origins instanceof AllowedOrigins.Reflected reflected) {
      if (origin != null && reflected.allowed().test(origin)) {
        headers.set(ALLOW_ORIGIN, origin);
      } else {
        // Another origin: the browser must not read the response, whatever said otherwise.
        headers.remove(ALLOW_ORIGIN);
      }
      vary(headers, "Origin");
    }
  }

  /**
   * Adds {@code field} to the response's {@code Vary}, keeping what is there (the upstream's own
   * fields), without repeating one, and leaving {@code Vary: *} alone.
   */
  static void vary(MultiMap headers, String field) {
    List<String> values = headers.getAll(VARY);
    if (values.isEmpty()) {
      headers.set(VARY, field);
      return;
    }
    StringBuilder merged = new StringBuilder();
    for (String value : values) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (name.equals("*")) {
          return;
        }
        if (name.equalsIgnoreCase(field)) {
          return;
        }
        if (!name.isEmpty()) {
          merged.append(merged.length() == 0 ? "" : ", ").append(name);
        }
      }
    }
    merged.append(merged.length() == 0 ? "" : ", ").append(field);
    headers.set(VARY, merged.toString());
  }
}
