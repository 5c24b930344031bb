package dev.gatehouse.core.proxy;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the hop-by-hop headers of RFC 9110 section 7.6.1 on their hop: {@code Connection} and the
 * headers it names, {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding},
 * {@code Upgrade}, {@code Proxy-Connection}. Runs for every request and response, so it compares
 * names without allocating.
 */
final class HopByHopHeaders {

  private static final String[] ALWAYS = {
    "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"
  };

  private HopByHopHeaders() {}

  /**
   * Copies {@code from} into {@code to}, skipping hop-by-hop headers and {@code skip} (names the
   * caller sets itself).
   */
  static void copy(MultiMap from, MultiMap to, String... skip) {
    List<String> named = connectionTokens(from);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey();
      if (!isHopByHop(name, named) && !isAny(name, skip)) {
        to.add(name, header.getValue());
      }
    }
  }

  /** Removes the hop-by-hop headers from {@code headers} in place. */
  static void strip(MultiMap headers) {
    List<String> named = connectionTokens(headers);
    if (named != null) {
      named.forEach(headers::remove);
    }
    for (String name : ALWAYS) {
      headers.remove(name);
    }
  }

  private static boolean isHopByHop(String name, List<String> named) {
    return isAny(name, ALWAYS) || (named != null && isAny(name, named));
  }

  private static boolean isAny(String name, String[] names) {
    for (String candidate : names) {
      if (candidate.length() == name.length() && candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAny(String name, List<String> names) {
    for (String candidate : names) {
      if (candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** The header names listed in {@code Connection}, or null when it names none (the usual case). */
  private static List<String> connectionTokens(MultiMap headers) {
    List<String> tokens = null;
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty() && !isAny(name, ALWAYS)) {
          if (tokens == null) {
            tokens = new ArrayList<>(2);
          }
          tokens.add(name);
        }
      }
    }
    return tokens;
  }
}
