package dev.gatehouse.api;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The API endpoint a request matched: its name in {@code apiEndpoints}, the scopes it requires and
 * its definition as configured (host, paths, methods and any other key).
 *
 * <pre>{@code
 * if (!consumer.scopes().containsAll(exchange.apiEndpoint().scopes())) { ... }
 * }</pre>
 */
public final class ApiEndpoint {

  private final String name;
  private final List<String> scopes;
  private final JsonObject definition;

  private ApiEndpoint(String name, List<String> scopes, JsonObject definition) {
    this.name = Objects.requireNonNull(name, "name");
    this.scopes = List.copyOf(scopes);
    this.definition = definition.copy();
  }

  /** An endpoint; the definition is copied. */
  public static ApiEndpoint of(String name, List<String> scopes, JsonObject definition) {
    return new ApiEndpoint(name, scopes, definition);
  }

  /** The endpoint's name in {@code apiEndpoints}. */
  public String name() {
    return name;
  }

  /** The scopes a consumer must all hold; empty when the endpoint requires none. */
  public List<String> scopes() {
    return scopes;
  }

  /** The endpoint entry as configured; a copy, so changes do not affect routing. */
  public JsonObject definition() {
    return definition.copy();
  }

  @Override
  public String toString() {
    return "ApiEndpoint[" + name + "]";
  }
}
