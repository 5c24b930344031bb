package dev.gatehouse.core.plugin;

import dev.gatehouse.api.ApiVersion;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.PluginSettingsSchema;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.RouteContributor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginWrapper;
import org.pf4j.VersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin jars of the plugin folders with PF4J and collects every extension, built-in or
 * not, into an {@link ExtensionRegistry}.
 *
 * <p>Everything that would make the gateway behave other than configured stops the start, with a
 * message naming the jar: a jar that is not a plugin, a plugin built for another plugin API, two
 * plugins with one id, two extensions claiming one policy or condition name, an extension that
 * cannot be instantiated.
 */
public final class PluginLoader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

  private final VersionManager versions = new DefaultVersionManager();
  private GatehousePluginManager manager;

  /**
   * Loads the jars of {@code folders} (missing folders hold no plugins) and the built-ins.
   *
   * @throws PluginLoadException listing every problem found
   */
  public ExtensionRegistry load(List<Path> folders) throws PluginLoadException {
    List<String> problems = new ArrayList<>();
    List<LoadedPlugin> plugins = inspectJars(folders, problems);
    if (!problems.isEmpty()) {
      throw new PluginLoadException(problems);
    }
    List<Path> existing = folders.stream().filter(Files::isDirectory).toList();
    manager = new GatehousePluginManager(existing);
    if (!plugins.isEmpty()) {
      manager.loadPlugins();
      manager.startPlugins();
      checkStarted(plugins, problems);
    }
    ExtensionRegistry registry = collect(plugins, problems);
    if (!problems.isEmpty()) {
      close();
      throw new PluginLoadException(problems);
    }
    return registry;
  }

  private List<LoadedPlugin> inspectJars(List<Path> folders, List<String> problems) {
    List<LoadedPlugin> plugins = new ArrayList<>();
    Map<String, LoadedPlugin> byId = new HashMap<>();
    for (Path jar : jars(folders, problems)) {
      LoadedPlugin plugin = describe(jar, problems);
      if (plugin == null) {
        continue;
      }
      LoadedPlugin other = byId.putIfAbsent(plugin.id(), plugin);
      if (other != null) {
        problems.add(
            jar
                + ": plugin id '"
                + plugin.id()
                + "' is already used by "
                + other.jar()
                + "; remove one of the two jars");
        continue;
      }
      plugins.add(plugin);
    }
    return plugins;
  }

  private static List<Path> jars(List<Path> folders, List<String> problems) {
    List<Path> jars = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.list(folder)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".jar"))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(jars::add);
      } catch (IOException e) {
        problems.add(folder + ": cannot list the plugins folder: " + e.getMessage());
      }
    }
    return jars;
  }

  private LoadedPlugin describe(Path jar, List<String> problems) {
    Manifest manifest;
    try (JarFile file = new JarFile(jar.toFile())) {
      manifest = file.getManifest();
    } catch (IOException e) {
      problems.add(jar + ": not a readable jar file (" + e.getMessage() + ")");
      return null;
    }
    Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
    String id = main.getValue("Plugin-Id");
    if (id == null || id.isBlank()) {
      problems.add(
          jar
              + ": not a Gatehouse plugin: its manifest has no Plugin-Id. Build it with the"
              + " gatehouse-plugin-parent POM, or remove it from the plugins folder");
      return null;
    }
    String version = main.getValue("Plugin-Version");
    if (version == null || version.isBlank()) {
      problems.add(jar + ": plugin '" + id + "' has no Plugin-Version in its manifest");
      return null;
    }
    String requires = main.getValue("Plugin-Requires");
    if (requires == null || requires.isBlank()) {
      problems.add(
          jar
              + ": plugin '"
              + id
              + "' does not say which plugin API it needs; add 'Plugin-Requires: >="
              + ApiVersion.CURRENT
              + " & <"
              + (ApiVersion.MAJOR + 1)
              + ".0.0' to its manifest");
      return null;
    }
    if (!satisfies(requires)) {
      problems.add(
          jar
              + ": plugin '"
              + id
              + "' requires plugin API "
              + requires
              + ", but this gateway provides "
              + ApiVersion.CURRENT);
      return null;
    }
    return new LoadedPlugin(
        id,
        version,
        requires,
        valueOr(main, "Plugin-Provider"),
        valueOr(main, "Plugin-Description"),
        jar);
  }

  private boolean satisfies(String requires) {
    try {
      return versions.checkVersionConstraint(ApiVersion.CURRENT, requires);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String valueOr(Attributes attributes, String name) {
    String value = attributes.getValue(name);
    return value == null ? "" : value;
  }

  private void checkStarted(List<LoadedPlugin> plugins, List<String> problems) {
    for (LoadedPlugin plugin : plugins) {
      PluginWrapper wrapper = manager.getPlugin(plugin.id());
      if (wrapper == null) {
        problems.add(plugin.jar() + ": PF4J did not load plugin '" + plugin.id() + "'");
      } else if (!wrapper.getPluginState().isStarted()) {
        Throwable cause = wrapper.getFailedException();
        problems.add(
            plugin.jar()
                + ": plugin '"
                + plugin.id()
                + "' did not start ("
                + wrapper.getPluginState()
                + (cause == null ? "" : ": " + cause)
                + ")");
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ExtensionRegistry collect(List<LoadedPlugin> plugins, List<String> problems) {
    Map<String, LoadedPlugin> byId = new HashMap<>();
    plugins.forEach(p -> byId.put(p.id(), p));
    Function<Class<?>, LoadedPlugin> owner =
        type -> {
          PluginWrapper wrapper = manager.whichPlugin(type);
          return wrapper == null ? null : byId.get(wrapper.getPluginId());
        };

    Map<String, Registered<PolicyFactory<?>>> policies = new LinkedHashMap<>();
    for (Registered<PolicyFactory> found : instantiate(PolicyFactory.class, owner, problems)) {
      claim("policy", found.extension().name(), (Registered) found, policies, problems);
    }
    Map<String, Registered<ConditionFactory<?>>> conditions = new LinkedHashMap<>();
    for (Registered<ConditionFactory> found :
        instantiate(ConditionFactory.class, owner, problems)) {
      claim("condition", found.extension().name(), (Registered) found, conditions, problems);
    }
    List<Registered<RouteContributor>> routes =
        instantiate(RouteContributor.class, owner, problems);
    Map<String, PluginSettingsSchema> settings = new HashMap<>();
    for (Registered<PluginSettingsSchema> found :
        instantiate(PluginSettingsSchema.class, owner, problems)) {
      if (found.plugin() == null) {
        continue;
      }
      if (settings.putIfAbsent(found.pluginId(), found.extension()) != null) {
        problems.add(found.origin() + ": declares more than one PluginSettingsSchema");
      }
    }
    return new ExtensionRegistry(plugins, policies, conditions, routes, settings);
  }

  private <T> List<Registered<T>> instantiate(
      Class<T> point, Function<Class<?>, LoadedPlugin> owner, List<String> problems) {
    List<Registered<T>> found = new ArrayList<>();
    for (Class<? extends T> type : manager.getExtensionClasses(point)) {
      LoadedPlugin plugin = owner.apply(type);
      String origin = plugin == null ? "built-in" : plugin.jarName();
      try {
        T extension = type.getDeclaredConstructor().newInstance();
        found.add(new Registered<>(type.getName(), extension, plugin));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        problems.add(
            origin
                + ": cannot create extension "
                + type.getName()
                + " ("
                + cause
                + "); it needs a public no-argument constructor");
      }
    }
    // Built-ins claim their names first; plugins in jar-name order, so messages are stable.
    found.sort(
        Comparator.comparing(
            (Registered<T> r) -> r.plugin() == null ? "" : r.plugin().jar().toString()));
    return found;
  }

  private static <T> void claim(
      String kind,
      String name,
      Registered<T> found,
      Map<String, Registered<T>> claimed,
      List<String> problems) {
    if (name == null || name.isBlank() || !name.strip().equals(name)) {
      problems.add(
          found.origin() + ": a " + kind + " extension has an invalid name '" + name + "'");
      return;
    }
    Registered<T> named = new Registered<>(name, found.extension(), found.plugin());
    Registered<T> other = claimed.putIfAbsent(name, named);
    if (other != null) {
      problems.add(
          found.origin()
              + ": "
              + kind
              + " '"
              + name
              + "' is already provided by "
              + other.origin()
              + "; two extensions cannot claim one name");
    } else {
      LOG.debug("registered {} '{}' from {}", kind, name, named.origin());
    }
  }

  @Override
  public void close() {
    if (manager != null) {
      // Stop one by one over a copy: PF4J's stopPlugins() modifies the list it iterates.
      for (PluginWrapper plugin : List.copyOf(manager.getStartedPlugins())) {
        manager.stopPlugin(plugin.getPluginId());
      }
      manager.unloadPlugins();
      manager = null;
    }
  }
}
