package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * driftkit-bom manages every artifact a program may depend on, at the project's version, and each published jar comes
 * with its sources and javadoc.
 */
class LibraryArtifactsTest {

  private static final Path ROOT = Path.of("..");
  /** Modules that are not dependencies of a program: the BOM itself, parents, examples, benchmarks. */
  private static final Set<String> NOT_MANAGED = Set.of("bom", "plugin-parent", "examples", "benchmarks");

  @Test
  void theBomListsEveryPublishedModuleAtTheProjectsVersion() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    String version = between(root, "<version>", "</version>");
    assertThat(between(bom.substring(bom.indexOf("<artifactId>driftkit-bom</artifactId>")), "<version>",
        "</version>")).isEqualTo(version);
    assertThat(bom).doesNotContain("<parent>");
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(root);
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).contains("bom", "core", "all");
    for (String module : modules) {
      if (NOT_MANAGED.contains(module)) {
        continue;
      }
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      String artifact = between(pom.substring(pom.indexOf("</parent>")), "<artifactId>", "</artifactId>");
      assertThat(bom).as("driftkit-bom manages %s", artifact)
          .contains("<artifactId>" + artifact + "</artifactId>\n        <version>${project.version}</version>");
    }
  }

  /**
   * Every published jar comes with a sources and a javadoc jar: the parent attaches both to each module with code;
   * a jar module without code (driftkit-all) must make them itself. Modules of packaging pom publish no jar.
   */
  @Test
  void everyPublishedJarHasSourcesAndJavadoc() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    assertThat(root).contains("<id>attach-sources</id>", "<id>attach-javadocs</id>");
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(root);
    while (m.find()) {
      String module = m.group(1);
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      if (NOT_MANAGED.contains(module) || pom.contains("<packaging>pom</packaging>")
          || Files.isDirectory(ROOT.resolve(module).resolve("src/main/java"))) {
        continue;
      }
      assertThat(pom).as("%s has no code: it must attach its own sources and javadoc jars", module)
          .contains("<classifier>sources</classifier>", "<classifier>javadoc</classifier>");
    }
  }

  private static String between(String text, String open, String close) {
    int start = text.indexOf(open) + open.length();
    return text.substring(start, text.indexOf(close, start));
  }
}
