package dev.gatehouse.api.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A consumer of the gateway's identity store: a user, or an application owned by a user.
 *
 * <pre>{@code
 * identity.findConsumer(username).map(found -> found.filter(Consumer::active));
 * }</pre>
 */
public final class Consumer {

  /** The type of a user. */
  public static final String USER = "user";

  /** The type of an application. */
  public static final String APPLICATION = "application";

  private final String id;
  private final String type;
  private final String name;
  private final String userId;
  private final boolean active;
  private final Map<String, Object> properties;

  /**
   * @param id the consumer id (a UUID)
   * @param type {@link #USER} or {@link #APPLICATION}
   * @param name the username, or the application's name
   * @param userId for an application, its owner's id; null for a user
   * @param active whether the consumer may authenticate
   * @param properties the stored properties (model properties and system fields, never secrets)
   */
  public Consumer(
      String id,
      String type,
      String name,
      String userId,
      boolean active,
      Map<String, Object> properties) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = Objects.requireNonNull(type, "type");
    this.name = name;
    this.userId = userId;
    this.active = active;
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public String id() {
    return id;
  }

  public String type() {
    return type;
  }

  public String name() {
    return name;
  }

  /** The owning user's id for an application; null for a user. */
  public String userId() {
    return userId;
  }

  public boolean active() {
    return active;
  }

  public Map<String, Object> properties() {
    return properties;
  }

  @Override
  public String toString() {
    return "Consumer[" + type + " " + id + "]";
  }
}
