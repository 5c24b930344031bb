package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.Condition;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.ServiceEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PolicyContext} of one policy, condition or route contributor being compiled. */
final class CompileContext implements PolicyContext {

  private final Vertx vertx;
  private final Supplier<MeterRegistry> meterRegistryFactory;
  private MeterRegistry meterRegistry;
  private final String pipelineName;
  private final String policyName;
  private final String configPath;
  private final JsonObject pluginSettings;
  private final Path configDirectory;
  private final Function<String, Optional<ServiceEndpoint>> serviceEndpoints;
  private final BiFunction<JsonObject, String, Condition> conditions;
  private final Services services;
  private final Set<String> enabledPolicies;

  CompileContext(
      Vertx vertx,
      Supplier<MeterRegistry> meterRegistry,
      String pipelineName,
      String policyName,
      String configPath,
      JsonObject pluginSettings,
      Path configDirectory,
      Function<String, Optional<ServiceEndpoint>> serviceEndpoints,
      BiFunction<JsonObject, String, Condition> conditions,
      Services services,
      Set<String> enabledPolicies) {
    this.vertx = vertx;
    this.meterRegistryFactory = meterRegistry;
    this.pipelineName = pipelineName;
    this.policyName = policyName;
    this.configPath = configPath;
    this.pluginSettings = pluginSettings;
    this.configDirectory = configDirectory;
    this.serviceEndpoints = serviceEndpoints;
    this.conditions = conditions;
    this.services = services;
    this.enabledPolicies = Set.copyOf(enabledPolicies);
  }

  @Override
  public Set<String> enabledPolicies() {
    return enabledPolicies;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  /**
   * The gateway's registry with this extension's {@code pipeline} and {@code policy} labels
   * applied, made on first use (most extensions never ask).
   */
  @Override
  public MeterRegistry meterRegistry() {
    if (meterRegistry == null) {
      meterRegistry = meterRegistryFactory.get();
    }
    return meterRegistry;
  }

  @Override
  public Logger logger() {
    return LoggerFactory.getLogger("gatehouse.policy." + policyName);
  }

  @Override
  public String pipelineName() {
    return pipelineName;
  }

  @Override
  public String policyName() {
    return policyName;
  }

  @Override
  public String configPath() {
    return configPath;
  }

  @Override
  public JsonObject pluginSettings() {
    return pluginSettings.copy();
  }

  @Override
  public Path configDirectory() {
    return configDirectory;
  }

  @Override
  public Optional<ServiceEndpoint> serviceEndpoint(String name) {
    return serviceEndpoints.apply(name);
  }

  @Override
  public Condition condition(JsonObject spec, String path) {
    return conditions.apply(spec, path);
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    return services.find(type);
  }
}
