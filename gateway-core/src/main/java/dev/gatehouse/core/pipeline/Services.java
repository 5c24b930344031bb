package dev.gatehouse.core.pipeline;

import java.util.Map;
import java.util.Optional;

/**
 * The gateway services offered to plugins through {@code PolicyContext.service(type)}, by type.
 * Filled at start by the parts of the gateway that exist (identity store, counters…); immutable.
 */
public final class Services {

  private final Map<Class<?>, Object> byType;

  private Services(Map<Class<?>, Object> byType) {
    this.byType = Map.copyOf(byType);
  }

  public static Services of(Map<Class<?>, Object> byType) {
    byType.forEach(
        (type, service) -> {
          if (!type.isInstance(service)) {
            throw new IllegalArgumentException(service + " is not a " + type.getName());
          }
        });
    return new Services(byType);
  }

  public static Services none() {
    return new Services(Map.of());
  }

  public <T> Optional<T> find(Class<T> type) {
    return Optional.ofNullable(type.cast(byType.get(type)));
  }
}
