package io.driftkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the invoker's nested build of examples/library-example (the BOM and the one dependency driftkit-all) left
 * behind: its tests ran the README's programs in that build, and its {@code target/lib} is the run-time class path
 * a program ships. That class path holds the host, the plugins and the default backend, and none of the command
 * line's libraries nor any test library.
 */
class LibraryExampleIT {

  static final Path PROJECT = Path.of("target/it/library-example");

  @Test
  void oneDependencyBringsTheHostThePluginsAndTheBackendAndNothingOfTheCommandLine() throws IOException {
    assertThat(PROJECT.resolve("target/library-example-1.0.jar")).as("the invoker's build of the example").exists();
    List<String> jars;
    long bytes = 0;
    try (Stream<Path> lib = Files.list(PROJECT.resolve("target/lib"))) {
      List<Path> files = lib.sorted().toList();
      jars = files.stream().map(p -> p.getFileName().toString()).toList();
      for (Path f : files) {
        bytes += Files.size(f);
      }
    }
    System.out.printf("library-example run-time class path: %d jars, %.1f MB%n", jars.size(), bytes / 1048576.0);
    assertThat(jars).anyMatch(j -> j.startsWith("driftkit-core-"))
        .anyMatch(j -> j.startsWith("driftkit-control-"))
        .anyMatch(j -> j.startsWith("driftkit-targets-"))
        .anyMatch(j -> j.startsWith("nd4j-native-") && j.contains("linux-x86_64"))
        .anyMatch(j -> j.startsWith("openblas-") && j.contains("linux-x86_64"));
    for (String absent : List.of("junit", "opentest4j", "assertj", "jqwik", "driftkit-testkit", "snakeyaml",
        "commons-configuration2", "xchart", "pdfbox", "progressbar", "jline", "picocli", "slf4j-simple",
        "driftkit-cli-launcher")) {
      assertThat(jars).as("run-time class path").noneMatch(j -> j.startsWith(absent));
    }
  }
}
