package io.driftkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "Using driftkit as a library" shows the programs of examples/library-example verbatim, and no Java the
 * invoker's build does not compile and run: every Java block of the section is one of the example's files, and
 * every file is shown. Its XML is the example's pom (indentation aside), but for the backend swap.
 */
class LibraryReadmeTest {

  static final Path EXAMPLE = ReadmeExample.ROOT.resolve("examples/library-example");

  @Test
  void theSectionShowsTheExamplesProgramsVerbatim() throws IOException {
    List<String> blocks = blocks("java");
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        files.add(Files.readString(p));
      }
    }
    // the benchmark's program is not an example: README points to it by name
    files.removeIf(f -> f.contains("public class SpeedRun"));
    assertThat(blocks).containsExactlyInAnyOrderElementsOf(files);
  }

  /** The one exception: the XML that swaps the default backend for another platform's, which says just that. */
  @Test
  void theSectionsXmlIsTheExamplesPom() throws IOException {
    String pom = unindented(Files.readString(EXAMPLE.resolve("pom.xml")));
    List<String> blocks = blocks("xml");
    assertThat(blocks).anyMatch(b -> b.contains("driftkit-bom")).anyMatch(b -> b.contains("driftkit-all"));
    for (String block : blocks) {
      if (block.contains("<exclusions>")) {
        assertThat(block).contains("<artifactId>driftkit-backend-cpu</artifactId></exclusion>",
            "<artifactId>nd4j-native</artifactId>", "<classifier>");
        continue;
      }
      assertThat(pom).contains(unindented(block));
    }
  }

  private static List<String> blocks(String language) throws IOException {
    String readme = Files.readString(ReadmeExample.ROOT.resolve("README.md"));
    int start = readme.indexOf("## Using driftkit as a library");
    assertThat(start).as("README section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL)
        .matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String unindented(String text) {
    return text.lines().map(String::strip).collect(Collectors.joining("\n"));
  }
}
