package dev.gatehouse.core.plugin;

import java.nio.file.Path;

/**
 * A plugin jar the gateway loaded.
 *
 * @param id the {@code Plugin-Id}; its settings live under {@code plugins.<id>}
 * @param version the {@code Plugin-Version}
 * @param requires the {@code Plugin-Requires} expression on the plugin API version
 * @param provider the {@code Plugin-Provider}, or empty
 * @param description the {@code Plugin-Description}, or empty
 * @param jar where it was loaded from
 */
public record LoadedPlugin(
    String id, String version, String requires, String provider, String description, Path jar) {

  /** The jar's file name, as messages name it. */
  public String jarName() {
    return jar.getFileName().toString();
  }
}
