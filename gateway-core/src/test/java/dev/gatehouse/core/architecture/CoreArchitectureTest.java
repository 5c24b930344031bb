package dev.gatehouse.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's packages show its architecture, and the dependencies between them point one way:
 * routing and config know nothing of the rest; listeners sit on top.
 */
class CoreArchitectureTest {

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gatehouse.core");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.gatehouse.core.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void routingIsSelfContained() {
    noClasses()
        .that()
        .resideInAPackage("dev.gatehouse.core.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.gatehouse.core.config..",
            "dev.gatehouse.core.pipeline..",
            "dev.gatehouse.core.server..",
            "dev.gatehouse.core.plugin..",
            "dev.gatehouse.api..")
        .check(core);
  }

  @Test
  void configurationDoesNotKnowTheRuntime() {
    noClasses()
        .that()
        .resideInAPackage("dev.gatehouse.core.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.gatehouse.core.pipeline..",
            "dev.gatehouse.core.server..",
            "dev.gatehouse.core.proxy..",
            "dev.gatehouse.core.plugin..")
        .check(core);
  }

  @Test
  void builtInPoliciesAndConditionsUseThePluginApiNotTheListeners() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.gatehouse.core.condition..", "dev.gatehouse.core.policy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.gatehouse.core.server..",
            "dev.gatehouse.core.pipeline..",
            "dev.gatehouse.core.config..")
        .check(core);
  }
}
