package dev.gatehouse.distribution.plugins;

import java.nio.file.Path;
import java.util.List;

/** The built distribution's plugins folder: the plugin jars exactly as they ship. */
final class ShippedPlugins {

  static final List<Path> FOLDERS =
      List.of(Path.of(System.getProperty("gatehouse.distribution")).resolve("plugins"));

  private ShippedPlugins() {}
}
