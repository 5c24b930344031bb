package dev.gatehouse.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * What the gateway gives a policy, condition or route contributor while a configuration compiles.
 * Keep what you need from it in the object you create; do not look things up per request.
 *
 * <pre>{@code
 * public Policy create(Config config, PolicyContext context) {
 *   Counter denied = context.meterRegistry().counter("gatehouse_stamp_denied_total");
 *   Path keyFile = context.configDirectory().resolve(config.keyFile());
 *   ...
 * }
 * }</pre>
 */
public interface PolicyContext {

  /** The gateway's Vert.x instance. */
  Vertx vertx();

  /**
   * The gateway's meter registry, exported on {@code /metrics}. Create meters here, once; record on
   * the request path. Every meter registered here carries the labels {@code pipeline} and {@code
   * policy} of this use of the extension (outside pipelines: {@code pipeline=""} and the plugin's
   * id), so name meters {@code gatehouse_<plugin>_<what>_total} and add only labels of fixed sets.
   */
  MeterRegistry meterRegistry();

  /** A logger named for the policy; messages carry the pipeline and policy names. */
  Logger logger();

  /** The pipeline being compiled, or an empty string outside pipelines (routes). */
  String pipelineName();

  /** The name of the policy or condition being compiled. */
  String policyName();

  /**
   * Where the object being compiled sits in the configuration file, e.g. {@code
   * pipelines.api.policies[1].rate-limit[0].action}. It is the same on every gateway instance that
   * loads the same file and survives reloads that leave the step in place, so it can name state
   * that belongs to one step (its counters). Empty when the gateway does not know it.
   */
  default String configPath() {
    return "";
  }

  /**
   * The owning plugin's settings from {@code system.config.yml} {@code plugins.<plugin-id>},
   * validated against its {@link PluginSettingsSchema}; empty for built-ins and unset settings.
   */
  JsonObject pluginSettings();

  /** The configuration directory; relative file names in configuration resolve against it. */
  Path configDirectory();

  /** A service endpoint of the current configuration by name. */
  Optional<ServiceEndpoint> serviceEndpoint(String name);

  /**
   * Compiles a nested condition (as {@code allOf} and {@code not} do).
   *
   * @param spec the condition object, with its {@code name}
   * @param path where it sits relative to the object being compiled, e.g. {@code conditions[1]}, so
   *     errors point at the right line
   */
  Condition condition(JsonObject spec, String path);

  /**
   * A gateway service by type, such as the identity store or a counter store, when the running
   * gateway offers it. Types come from this API; services that are not available return empty.
   */
  <T> Optional<T> service(Class<T> type);

  /**
   * The policy names the configuration's top-level {@code policies} list enables. A {@link
   * RouteContributor} that belongs with a policy serves its routes only when that policy is
   * enabled, as Express Gateway mounts a policy's routes only when the policy is listed:
   *
   * <pre>{@code
   * if (!context.enabledPolicies().contains("oauth2")) {
   *   return; // no /oauth2/* routes unless oauth2 is enabled
   * }
   * }</pre>
   *
   * @since 1.1
   */
  default Set<String> enabledPolicies() {
    return Set.of();
  }
}
