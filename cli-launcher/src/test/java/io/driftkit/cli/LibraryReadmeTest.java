package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.example.library.SampleFromCode;
import org.junit.jupiter.api.Test;

/**
 * README's "Using driftkit as a library" shows {@link SampleFromCode} as it is compiled here (without its package
 * line), and the program runs and prints what the README says it prints.
 */
class LibraryReadmeTest {

  private static final Path ROOT = Path.of("..");
  private static final Path EXAMPLE = Path.of("src/test/java/org/example/library/SampleFromCode.java");

  @Test
  void readmeShowsTheExampleVerbatim() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int section = readme.indexOf("## Using driftkit as a library");
    assertThat(section).as("README section").isNotNegative();
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
    assertThat(block.find()).isTrue();
    String file = Files.readString(EXAMPLE).replaceFirst("package org\\.example\\.library;\n\n", "");
    assertThat(block.group(1)).isEqualTo(file);
  }

  /**
   * The banana's density integrates to 4 pi (the x0 marginal is N(0, 4) up to sqrt(2 pi 4), the x1 conditional
   * N(x0^2 / 4, 1) up to sqrt(2 pi)). SMC's estimate must be within 0.1 of log(4 pi) (its run-to-run spread with
   * 10 000 particles and the default 100 temperatures is a few hundredths); the funnel's log Z estimate after 50
   * training steps is only checked to be printed and finite.
   */
  @Test
  void theExampleRuns() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      SampleFromCode.main(new String[0]);
    } finally {
      System.setOut(stdout);
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    stdout.print(out); // into the test report: what README quotes
    assertThat(out).containsPattern("funnel: log Z = -?[0-9.]+ \\+- [0-9.]+, ESS [0-9.]+");
    Matcher banana = Pattern.compile("banana: log Z = (-?[0-9.]+) \\(exact 2\\.531\\)").matcher(out);
    assertThat(banana.find()).as(out).isTrue();
    assertThat(Double.parseDouble(banana.group(1))).isCloseTo(Math.log(4 * Math.PI), within(0.1));
  }
}
