package dev.gatehouse.core.plugin;

import java.util.List;

/**
 * The packages a plugin shares with the gateway instead of bundling: the plugin API and the
 * libraries its types expose. Classes in them always load from the gateway, so a {@code Future} or
 * a {@code JsonObject} is the same class on both sides; a plugin jar must not contain them.
 */
public final class SharedPackages {

  /** Package prefixes, each ending with a dot. */
  public static final List<String> PREFIXES =
      List.of(
          "dev.gatehouse.api.",
          "io.vertx.",
          "io.netty.",
          "com.fasterxml.jackson.",
          "io.micrometer.",
          "org.slf4j.",
          "org.pf4j.");

  private SharedPackages() {}

  /** True when {@code className} belongs to a shared package. */
  public static boolean contains(String className) {
    for (String prefix : PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
