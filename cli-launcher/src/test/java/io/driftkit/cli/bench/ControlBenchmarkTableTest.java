package io.driftkit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ControlBenchmarkTableTest {

  private static ControlBenchmark.Cell cell(String target, String method, long seed, double logZ, OptionalDouble t) {
    return new ControlBenchmark.Cell(target, method, "log-variance", seed, 4000, logZ - 1, logZ, 0.5, 10, 1, t);
  }

  @Test
  void errorIsTheMeanAbsoluteDistanceToTheTruthOrTheGivenReference() {
    List<ControlBenchmark.Cell> cells = List.of(
        cell("funnel", "dds", 1, -0.1, OptionalDouble.of(0)),
        cell("funnel", "dds", 2, 0.3, OptionalDouble.of(0)),
        cell("logreg-ionosphere", "pis", 1, -112.0, OptionalDouble.empty()));
    String table = ControlBenchmark.table(cells, Map.of("logreg-ionosphere", -111.5));

    // funnel: mean 0.1, sd sqrt(0.08) = 0.283, mean |error| (0.1 + 0.3) / 2 = 0.2; dds's published funnel value
    assertThat(table).contains("| funnel | dds | log-variance | 2 | 4000 | 0.100 ± 0.283 | -0.900 ± 0.283 | 0.200 |")
        .contains("-0.221 ± 0.074");
    assertThat(table).contains("| logreg-ionosphere | pis | log-variance | 1 | 4000 | -112.000 ± 0.000 |")
        .contains("| 0.500 |").contains("-112.950");
  }

  @Test
  void withoutAReferenceTheErrorIsNotMadeUp() {
    String table = ControlBenchmark.table(
        List.of(cell("logreg-sonar", "dis", 1, -108.0, OptionalDouble.empty())), Map.of());
    assertThat(table).contains("| n/a |");
  }
}
