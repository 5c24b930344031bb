package dev.gatehouse.plugins.jwt;

import dev.gatehouse.api.Exchange;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.slf4j.Logger;

/**
 * {@code forwardClaims}: claims of a verified token sent upstream as request headers. A text claim
 * goes as is, a number or boolean as its text, a list as its items joined with commas, an object as
 * JSON. The headers are always removed from the client's request first, so a client cannot send
 * them itself; a value with a control character is left out (and logged), never sent.
 */
final class ClaimHeaders {

  private final Map<String, String> headerByClaim;
  private final Logger log;

  ClaimHeaders(Map<String, String> headerByClaim, Logger log) {
    this.headerByClaim = Map.copyOf(headerByClaim);
    this.log = log;
  }

  /** Removes every forwarded header from the request. */
  void clear(MultiMap headers) {
    if (headerByClaim.isEmpty()) {
      return;
    }
    headerByClaim.values().forEach(headers::remove);
  }

  /** Sets the headers of the claims the token has. */
  void set(Exchange exchange, JwtClaims claims) {
    headerByClaim.forEach(
        (claim, header) -> {
          Object value = claims.getClaimValue(claim);
          if (value == null) {
            return;
          }
          String text = text(value);
          if (hasControlCharacter(text)) {
            log.info(
                "jwt_claim_not_forwarded request_id={} claim={} reason=control_character",
                exchange.requestId(),
                claim);
            return;
          }
          exchange.headers().set(header, text);
        });
  }

  static String text(Object value) {
    if (value instanceof List<?> list) {
      StringBuilder joined = new StringBuilder();
      for (Object item : list) {
        if (joined.length() > 0) {
          joined.append(',');
        }
        joined.append(item instanceof String s ? s : single(item));
      }
      return joined.toString();
    }
    return value instanceof String s ? s : single(value);
  }

  @SuppressWarnings("unchecked")
  private static String single(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map).encode();
    }
    if (value instanceof List<?> list) {
      return new JsonArray(list).encode();
    }
    return String.valueOf(value);
  }

  private static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
