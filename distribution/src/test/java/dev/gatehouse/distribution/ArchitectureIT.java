package dev.gatehouse.distribution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the architecture: the plugin API and every plugin know nothing of the
 * gateway's core. Checked on the built jars, exactly what ships.
 */
class ArchitectureIT {

  private static final String CORE = "dev.gatehouse.core..";

  @Test
  void thePluginApiDoesNotDependOnTheCore() throws IOException {
    Path api =
        GatehouseProcess.home()
            .resolve("lib")
            .resolve("gatehouse-plugin-api-" + System.getProperty("gatehouse.version") + ".jar");
    try (JarFile jar = new JarFile(api.toFile())) {
      JavaClasses classes = new ClassFileImporter().importJar(jar);
      noClasses().should().dependOnClassesThat().resideInAPackage(CORE).check(classes);
    }
  }

  @Test
  void noPluginDependsOnTheCore() throws IOException {
    for (Path plugin : PluginJarsIT.pluginJars()) {
      try (JarFile jar = new JarFile(plugin.toFile())) {
        JavaClasses classes = new ClassFileImporter().importJar(jar);
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage(CORE)
            .because(plugin.getFileName() + " must be written against the plugin API only")
            .check(classes);
      }
    }
  }
}
