package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.plugin.SharedPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every plugin jar we build (the distribution's plugins and the documentation's example) keeps the
 * packages the gateway shares out of itself and carries its PF4J descriptor.
 */
class PluginJarsIT {

  static List<Path> pluginJars() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(GatehouseProcess.home().resolve("plugins"))) {
      files.filter(f -> f.toString().endsWith(".jar")).forEach(jars::add);
    }
    jars.add(Path.of(System.getProperty("gatehouse.examplePlugin")));
    return jars;
  }

  @Test
  void noPluginJarBundlesASharedPackage() throws IOException {
    for (Path jar : pluginJars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        List<String> leaked =
            file.stream()
                .map(entry -> entry.getName())
                .filter(name -> name.endsWith(".class"))
                .map(name -> name.replace('/', '.'))
                .filter(SharedPackages::contains)
                .toList();
        assertThat(leaked).as("shared classes inside %s", jar.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void everyPluginJarDeclaresItsIdVersionAndApiRequirement() throws IOException {
    for (Path jar : pluginJars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        var attributes = file.getManifest().getMainAttributes();
        assertThat(attributes.getValue("Plugin-Id")).as("Plugin-Id of %s", jar).isNotBlank();
        assertThat(attributes.getValue("Plugin-Version"))
            .as("Plugin-Version of %s", jar)
            .isNotBlank();
        assertThat(attributes.getValue("Plugin-Requires")).isEqualTo(">=1.0.0 & <2.0.0");
        assertThat(file.getEntry("META-INF/extensions.idx"))
            .as("extension index of %s", jar)
            .isNotNull();
      }
    }
  }
}
