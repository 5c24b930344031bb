package dev.gatehouse.core.plugin;

import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PluginSettingsSchema;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.RouteContributor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every policy, condition and route contributor the gateway knows, built-in or from a plugin, by
 * name. Immutable once the plugins are loaded.
 */
public final class ExtensionRegistry {

  private final List<LoadedPlugin> plugins;
  private final Map<String, Registered<PolicyFactory<?>>> policies;
  private final Map<String, Registered<ConditionFactory<?>>> conditions;
  private final List<Registered<RouteContributor>> routeContributors;
  private final Map<String, PluginSettingsSchema> settingsSchemas;

  ExtensionRegistry(
      List<LoadedPlugin> plugins,
      Map<String, Registered<PolicyFactory<?>>> policies,
      Map<String, Registered<ConditionFactory<?>>> conditions,
      List<Registered<RouteContributor>> routeContributors,
      Map<String, PluginSettingsSchema> settingsSchemas) {
    this.plugins = List.copyOf(plugins);
    this.policies = Map.copyOf(policies);
    this.conditions = Map.copyOf(conditions);
    this.routeContributors = List.copyOf(routeContributors);
    this.settingsSchemas = Map.copyOf(settingsSchemas);
  }

  /** The loaded plugins, in load order. */
  public List<LoadedPlugin> plugins() {
    return plugins;
  }

  public Optional<Registered<PolicyFactory<?>>> policy(String name) {
    return Optional.ofNullable(policies.get(name));
  }

  public Optional<Registered<ConditionFactory<?>>> condition(String name) {
    return Optional.ofNullable(conditions.get(name));
  }

  public Collection<Registered<PolicyFactory<?>>> policies() {
    return policies.values();
  }

  public Collection<Registered<ConditionFactory<?>>> conditions() {
    return conditions.values();
  }

  public List<Registered<RouteContributor>> routeContributors() {
    return routeContributors;
  }

  /** The settings schema a plugin declared, if any. */
  public Optional<PluginSettingsSchema> settingsSchema(String pluginId) {
    return Optional.ofNullable(settingsSchemas.get(pluginId));
  }
}
