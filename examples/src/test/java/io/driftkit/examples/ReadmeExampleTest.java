package io.driftkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "Writing a plugin" shows examples/plugin-example file by file; the invoker builds exactly those files, so
 * the README's text must equal them, and must show all of them.
 */
class ReadmeExampleTest {

  @Test
  void readmeShowsEveryFileOfTheExampleVerbatim() throws IOException {
    Map<String, String> shown = ReadmeExample.files();
    List<String> files;
    try (Stream<Path> walk = Files.walk(ReadmeExample.EXAMPLE)) {
      files = walk.filter(Files::isRegularFile)
          .map(p -> ReadmeExample.ROOT.relativize(p).toString())
          .filter(p -> !p.startsWith("examples/plugin-example/target/"))
          .sorted().toList();
    }
    assertThat(shown.keySet()).as("files README shows").containsExactlyInAnyOrderElementsOf(files);
    for (String path : files) {
      assertThat(shown.get(path)).as("README's %s", path)
          .isEqualTo(Files.readString(ReadmeExample.ROOT.resolve(path)));
    }
  }

  @Test
  void readmeRunsThePluginsComponents() throws IOException {
    assertThat(ReadmeExample.runSettings()).contains("target=wide-gaussian", "integrator=ralston");
    assertThat(ReadmeExample.runCommands()).anySatisfy(settings -> assertThat(settings).contains("method=dis",
        "target=wide-gaussian", "integrator=midpoint-em"));
  }

  /** The plugin project's managed driftkit versions come from this property, not from its own version. */
  @Test
  void theManagedDriftkitVersionIsTheProjectVersion() throws IOException {
    String pom = Files.readString(ReadmeExample.ROOT.resolve("pom.xml"));
    String version = between(pom.substring(pom.indexOf("<artifactId>driftkit-parent</artifactId>")), "<version>",
        "</version>");
    assertThat(between(pom, "<driftkit.version>", "</driftkit.version>")).isEqualTo(version);
    assertThat(Files.readString(ReadmeExample.EXAMPLE.resolve("pom.xml"))).contains("<version>" + version
        + "</version>");
  }

  private static String between(String text, String open, String close) {
    int start = text.indexOf(open) + open.length();
    return text.substring(start, text.indexOf(close, start));
  }
}
