package dev.gatehouse.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the configuration lives: the directory, chosen as {@code --config-dir}, else {@code
 * GATEHOUSE_CONFIG_DIR}, else {@code EG_CONFIG_DIR}, else {@code ./config}; and in it each file as
 * {@code .yml}, falling back to {@code .json} as Express Gateway does.
 */
public final class ConfigFiles {

  public static final String GATEWAY = "gateway.config";
  public static final String SYSTEM = "system.config";

  private final Path directory;

  public ConfigFiles(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The directory for a command line option (may be null) and an environment. */
  public static ConfigFiles resolve(String option, Map<String, String> env) {
    String chosen = option;
    if (chosen == null || chosen.isBlank()) {
      chosen = env.get("GATEHOUSE_CONFIG_DIR");
    }
    if (chosen == null || chosen.isBlank()) {
      chosen = env.get("EG_CONFIG_DIR");
    }
    if (chosen == null || chosen.isBlank()) {
      chosen = "config";
    }
    return new ConfigFiles(Path.of(chosen));
  }

  public Path directory() {
    return directory;
  }

  /** {@code <base>.yml} if it exists, else {@code <base>.json} if that exists. */
  public Optional<Path> find(String base) {
    Path yml = directory.resolve(base + ".yml");
    if (Files.isRegularFile(yml)) {
      return Optional.of(yml);
    }
    Path json = directory.resolve(base + ".json");
    return Files.isRegularFile(json) ? Optional.of(json) : Optional.empty();
  }
}
