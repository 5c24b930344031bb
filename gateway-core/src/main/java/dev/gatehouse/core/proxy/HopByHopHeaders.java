package dev.gatehouse.core.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies headers between the client and upstream legs without the hop-by-hop headers of RFC 9110
 * section 7.6.1 ({@code Connection} and the headers it names, {@code Keep-Alive}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, {@code Proxy-Connection}).
 */
final class HopByHopHeaders {

  private static final Set<String> ALWAYS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private HopByHopHeaders() {}

  /**
   * Copies {@code from} into {@code to}, skipping hop-by-hop headers and {@code skip} (lower-case
   * names the caller sets itself).
   */
  static void copy(MultiMap from, MultiMap to, Set<String> skip) {
    Set<String> named = connectionTokens(from);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (ALWAYS.contains(name) || skip.contains(name) || (named != null && named.contains(name))) {
        continue;
      }
      to.add(header.getKey(), header.getValue());
    }
  }

  private static Set<String> connectionTokens(MultiMap headers) {
    Set<String> tokens = null;
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          if (tokens == null) {
            tokens = new HashSet<>();
          }
          tokens.add(name);
        }
      }
    }
    return tokens;
  }
}
