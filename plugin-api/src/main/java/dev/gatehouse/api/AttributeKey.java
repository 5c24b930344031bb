package dev.gatehouse.api;

import java.util.Objects;

/**
 * A typed key for values that policies of one request share through {@link Exchange#put}. Keys
 * compare by identity: declare each once, as a constant.
 *
 * <pre>{@code
 * public static final AttributeKey<String> TENANT = AttributeKey.create("tenant", String.class);
 * }</pre>
 */
public final class AttributeKey<T> {

  private final String name;
  private final Class<T> type;

  private AttributeKey(String name, Class<T> type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
  }

  /** A new key; {@code name} is for diagnostics only. */
  public static <T> AttributeKey<T> create(String name, Class<T> type) {
    return new AttributeKey<>(name, type);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** Checks that {@code value} has the key's type and returns it typed. */
  public T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return "AttributeKey[" + name + "]";
  }
}
