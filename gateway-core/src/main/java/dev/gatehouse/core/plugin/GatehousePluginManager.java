package dev.gatehouse.core.plugin;

import dev.gatehouse.api.ApiVersion;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginWrapper;

/**
 * PF4J configured for Gatehouse: jar plugins only, the plugin API version as system version, class
 * loaders that isolate bundled libraries, and no {@code Plugin-Class} needed (a plugin is just its
 * extensions).
 */
final class GatehousePluginManager extends JarPluginManager {

  GatehousePluginManager(List<Path> roots) {
    super(roots.toArray(Path[]::new));
    setSystemVersion(ApiVersion.CURRENT);
    setExactVersionAllowed(false);
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new JarPluginLoader(this) {
      @Override
      protected PluginClassLoader createPluginClassLoader(
          Path pluginPath, PluginDescriptor descriptor) {
        return new IsolatingPluginClassLoader(
            pluginManager, descriptor, GatehousePluginManager.class.getClassLoader());
      }
    };
  }

  @Override
  protected PluginFactory createPluginFactory() {
    return new DefaultPluginFactory() {
      @Override
      public Plugin create(PluginWrapper wrapper) {
        String pluginClass = wrapper.getDescriptor().getPluginClass();
        if (pluginClass == null || pluginClass.isBlank()) {
          return new Plugin() {};
        }
        return super.create(wrapper);
      }
    };
  }
}
