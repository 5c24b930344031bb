package dev.gatehouse.core.plugin;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: shared packages come from the gateway, everything else from the plugin
 * jar first, so libraries a plugin bundles stay private to it.
 */
final class IsolatingPluginClassLoader extends PluginClassLoader {

  static {
    ClassLoader.registerAsParallelCapable();
  }

  IsolatingPluginClassLoader(
      PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
    super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
  }

  @Override
  protected boolean shouldDelegateToParent(String className) {
    return SharedPackages.contains(className) || super.shouldDelegateToParent(className);
  }
}
