package io.driftkit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one dependency rule: a plugin module compiles against {@code api} and the {@code toolkit} only; the toolkit
 * against {@code api} only; {@code api} against nothing of driftkit; the host ({@code core}) reaches into no plugin.
 */
class DependencyRuleTest {

  private static final List<String> PLUGIN_PACKAGES = List.of("io.driftkit.targets", "io.driftkit.models",
      "io.driftkit.sde", "io.driftkit.control", "io.driftkit.interpolants", "io.driftkit.bridge",
      "io.driftkit.deterministic");

  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.driftkit");

  private static String[] except(String... allowed) {
    List<String> all = new ArrayList<>(PLUGIN_PACKAGES);
    all.addAll(List.of("io.driftkit.api", "io.driftkit.toolkit", "io.driftkit.testkit", "io.driftkit.core",
        "io.driftkit.cli"));
    all.removeAll(List.of(allowed));
    return all.stream().map(p -> p + "..").toArray(String[]::new);
  }

  @Test
  void pluginModulesUseOnlyApiAndToolkit() {
    for (String plugin : PLUGIN_PACKAGES) {
      noClasses().that().resideInAPackage(plugin + "..")
          .should().dependOnClassesThat().resideInAnyPackage(except(plugin, "io.driftkit.api", "io.driftkit.toolkit"))
          .because("plugins meet each other only through the SPIs in io.driftkit.api, and share numerics through"
              + " io.driftkit.toolkit")
          .check(MAIN_CLASSES);
    }
  }

  @Test
  void toolkitUsesOnlyApi() {
    noClasses().that().resideInAPackage("io.driftkit.toolkit..")
        .should().dependOnClassesThat().resideInAnyPackage(except("io.driftkit.toolkit", "io.driftkit.api"))
        .check(MAIN_CLASSES);
  }

  @Test
  void apiDependsOnNoOtherDriftkitModule() {
    noClasses().that().resideInAPackage("io.driftkit.api..")
        .should().dependOnClassesThat().resideInAnyPackage(except("io.driftkit.api"))
        .check(MAIN_CLASSES);
  }

  @Test
  void testkitUsesOnlyApiAndToolkit() {
    noClasses().that().resideInAPackage("io.driftkit.testkit..")
        .should().dependOnClassesThat().resideInAnyPackage(except("io.driftkit.testkit", "io.driftkit.api",
            "io.driftkit.toolkit"))
        .check(MAIN_CLASSES);
  }

  @Test
  void coreDoesNotReachIntoPlugins() {
    noClasses().that().resideInAPackage("io.driftkit.core..")
        .should().dependOnClassesThat().resideInAnyPackage(except("io.driftkit.core", "io.driftkit.api",
            "io.driftkit.toolkit"))
        .check(MAIN_CLASSES);
  }
}
