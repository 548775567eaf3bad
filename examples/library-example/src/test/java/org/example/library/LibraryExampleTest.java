package org.example.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.config.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programs of README's "Using driftkit as a library", built as an outside project with the BOM and the one
 * dependency driftkit-all, and run.
 */
class LibraryExampleTest {

  @Test
  void disOnTheFunnelTakesAtMostTenLines() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/main/java/org/example/library/FunnelWithDis.java"))
        .stream().filter(l -> !l.isBlank()).toList();
    assertTrue(lines.size() <= 10, lines.size() + " lines");
    String out = printed(() -> FunnelWithDis.main(new String[0]));
    double logZ = number(out, "funnel: log Z = (\\S+)");
    double ess = number(out, "funnel: ESS = (\\S+)");
    // 100 training steps only show that DIS ran and weighted its samples: the estimate is finite, the ESS a fraction
    assertTrue(Double.isFinite(logZ), out);
    assertTrue(ess > 0 && ess <= 1, out);
  }

  /**
   * The banana's density integrates to 4 pi (the x0 marginal is N(0, 4) up to sqrt(2 pi 4), the x1 conditional
   * N(x0^2 / 4, 1) up to sqrt(2 pi)); SMC with 10 000 particles and 100 temperatures estimates its log within a few
   * hundredths from run to run, so 0.1 is a failure of the two lambdas' wiring, not noise.
   */
  @Test
  void aTargetWrittenAsTwoLambdasIsSampled() {
    String out = printed(() -> BananaFromLambdas.main(new String[0]));
    assertEquals(Math.log(4 * Math.PI), number(out, "banana: log Z = (\\S+)"), 0.1, out);
  }

  /**
   * The trained dis model sampled three times; the probability flow of the exact score of N(0, I) (written as a
   * lambda, stepped by Heun's step written as a lambda) has second moment 1 per coordinate, within five standard
   * errors sqrt(2 / 4000) plus 0.01 for the ODE's discretisation.
   */
  @Test
  void trainOnceThenSampleAndComponentsWrittenAsLambdas() {
    String out = printed(() -> TrainOnceSampleMore.main(new String[0]));
    assertTrue(Double.isFinite(number(out, "seed 1: log Z = (\\S+)")), out);
    assertTrue(number(out, "seed 1: log Z = (\\S+)") != number(out, "seed 2: log Z = (\\S+)"), out);
    assertTrue(Double.isFinite(number(out, "2000 samples: log Z = (\\S+)")), out);
    assertEquals(1.0, number(out, "E\\[x_i\\^2\\] = (\\S+)"), 5 * Math.sqrt(2.0 / 4000) + 0.01, out);
  }

  /** driftkit-all brings no command-line library: no config parsers, plots, progress bar, picocli or JUnit. */
  @Test
  void theClassPathHasNoCommandLineLibraries(@TempDir Path dir) throws Exception {
    String classPath = System.getProperty("java.class.path");
    for (String cliOnly : List.of("snakeyaml", "commons-configuration2", "xchart", "progressbar", "picocli",
        "jline", "slf4j-simple")) {
      assertFalse(classPath.contains(cliOnly), cliOnly + " on " + classPath);
    }
    // so a config file cannot be read, and the error says what to add
    Path file = Files.writeString(dir.resolve("run.properties"), "method = dis\n");
    ConfigException e = assertThrows(ConfigException.class, () -> RunConfig.load(file));
    assertTrue(e.getMessage().contains("needs org.apache.commons:commons-configuration2"), e.getMessage());
  }

  private static String printed(Runnable program) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(stdout);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    stdout.print(out);
    return out;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in " + text);
    return Double.parseDouble(m.group(1));
  }
}
