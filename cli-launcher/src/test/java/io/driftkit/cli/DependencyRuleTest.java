package io.driftkit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one dependency rule of DESIGN.md: a plugin module compiles against {@code api} only. */
class DependencyRuleTest {

  private static final List<String> PLUGIN_PACKAGES = List.of("io.driftkit.targets", "io.driftkit.sde",
      "io.driftkit.control", "io.driftkit.interpolants", "io.driftkit.bridge", "io.driftkit.deterministic");

  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.driftkit");

  @Test
  void pluginModulesUseNoOtherDriftkitModuleThanApi() {
    for (String plugin : PLUGIN_PACKAGES) {
      List<String> forbidden = new java.util.ArrayList<>(List.of("io.driftkit.core..", "io.driftkit.cli.."));
      PLUGIN_PACKAGES.stream().filter(p -> !p.equals(plugin)).map(p -> p + "..").forEach(forbidden::add);
      noClasses().that().resideInAPackage(plugin + "..")
          .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
          .because("plugins meet each other only through the SPIs in io.driftkit.api")
          .check(MAIN_CLASSES);
    }
  }

  @Test
  void apiDependsOnNoOtherDriftkitModule() {
    noClasses().that().resideInAPackage("io.driftkit.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.driftkit.core..", "io.driftkit.cli..",
            "io.driftkit.targets..", "io.driftkit.sde..", "io.driftkit.control..", "io.driftkit.interpolants..",
            "io.driftkit.bridge..", "io.driftkit.deterministic..")
        .check(MAIN_CLASSES);
  }

  @Test
  void coreDoesNotReachIntoPlugins() {
    noClasses().that().resideInAPackage("io.driftkit.core..")
        .should().dependOnClassesThat().resideInAnyPackage("io.driftkit.targets..", "io.driftkit.sde..",
            "io.driftkit.control..", "io.driftkit.interpolants..", "io.driftkit.bridge..",
            "io.driftkit.deterministic..", "io.driftkit.cli..")
        .check(MAIN_CLASSES);
  }
}
