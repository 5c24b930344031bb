package dev.gatehouse.core.plugin;

/**
 * An extension under the name it registered, with the plugin that brought it.
 *
 * @param name the policy or condition name
 * @param extension the extension instance
 * @param plugin the owning plugin, or {@code null} for the gateway's built-ins
 */
public record Registered<T>(String name, T extension, LoadedPlugin plugin) {

  /** Where the extension comes from, for messages: the jar name or {@code built-in}. */
  public String origin() {
    return plugin == null ? "built-in" : plugin.jarName();
  }

  /** The owning plugin's id, or {@code null} for built-ins. */
  public String pluginId() {
    return plugin == null ? null : plugin.id();
  }
}
