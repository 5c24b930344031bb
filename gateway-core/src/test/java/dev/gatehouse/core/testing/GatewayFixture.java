package dev.gatehouse.core.testing;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.StartupException;
import dev.gatehouse.core.config.ConfigFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a configuration directory and starts a real gateway on it, on ephemeral ports.
 *
 * <pre>{@code
 * try (GatewayFixture gateway = GatewayFixture.config(dir).gateway(yaml).start()) { ... }
 * }</pre>
 */
public final class GatewayFixture implements AutoCloseable {

  private final Gatehouse gatehouse;

  private GatewayFixture(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  public static Builder config(Path directory) {
    return new Builder(directory);
  }

  public int port() {
    return gatehouse.httpPort();
  }

  public int adminPort() {
    return gatehouse.adminPort();
  }

  public Gatehouse gatehouse() {
    return gatehouse;
  }

  @Override
  public void close() {
    gatehouse.close();
  }

  /** Collects the files and environment of a gateway to start. */
  public static final class Builder {
    private final Path directory;
    private String gateway;
    private String system = "";
    private final Map<String, String> env = new HashMap<>();
    private List<Path> pluginFolders = List.of();

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** The text of {@code gateway.config.yml}; {@code http.port: 0} is the usual listener. */
    public Builder gateway(String yaml) {
      this.gateway = yaml;
      return this;
    }

    public Builder system(String yaml) {
      this.system = yaml;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder plugins(List<Path> folders) {
      this.pluginFolders = List.copyOf(folders);
      return this;
    }

    /** Writes the files only, for tests of loading and validation. */
    public Path write() {
      try {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("gateway.config.yml"), gateway);
        Files.writeString(directory.resolve("system.config.yml"), withOwnStore(system));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return directory;
    }

    /**
     * Gives each gateway its own embedded identity store, so that gateways of one test run side by
     * side, unless the test chose a store itself.
     */
    private String withOwnStore(String yaml) {
      if (Pattern.compile("(?m)^db:").matcher(yaml).find()) {
        return yaml;
      }
      String path = directory.resolve("data").toAbsolutePath().toString().replace("'", "''");
      return yaml
          + (yaml.isEmpty() || yaml.endsWith("\n") ? "" : "\n")
          + "db:\n  embedded:\n    path: '"
          + path
          + "'\n";
    }

    public Gatehouse.Options options() {
      return new Gatehouse.Options(new ConfigFiles(directory), Map.copyOf(env), pluginFolders);
    }

    public GatewayFixture start() throws StartupException {
      write();
      return new GatewayFixture(Gatehouse.start(options()));
    }
  }
}
