package dev.gatehouse.api;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A named upstream of {@code serviceEndpoints}: one URL or several (balanced round-robin), and the
 * {@code proxyOptions} that override a proxy step's action.
 *
 * <pre>{@code
 * ServiceEndpoint backend = context.serviceEndpoint("backend")
 *     .orElseThrow(() -> new PolicyConfigException("serviceEndpoint", "unknown"));
 * }</pre>
 */
public final class ServiceEndpoint {

  private final String name;
  private final List<String> urls;
  private final JsonObject proxyOptions;

  private ServiceEndpoint(String name, List<String> urls, JsonObject proxyOptions) {
    this.name = Objects.requireNonNull(name, "name");
    this.urls = List.copyOf(urls);
    this.proxyOptions = proxyOptions.copy();
  }

  public static ServiceEndpoint of(String name, List<String> urls, JsonObject proxyOptions) {
    return new ServiceEndpoint(name, urls, proxyOptions);
  }

  public String name() {
    return name;
  }

  /** The target URLs, at least one. */
  public List<String> urls() {
    return urls;
  }

  /** Options merged over the proxy action's (a copy); empty when none are set. */
  public JsonObject proxyOptions() {
    return proxyOptions.copy();
  }

  @Override
  public String toString() {
    return "ServiceEndpoint[" + name + " " + urls + "]";
  }
}
