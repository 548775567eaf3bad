package io.driftkit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InterpolantBenchTableTest {

  private static InterpolantBenchmark.Cell cell(long seed, double sinkhorn, double floor, double mmd, double mmdFloor) {
    return new InterpolantBenchmark.Cell("grid", "interpolant", "linear:sqrt", "velocity", 0.5, seed, sinkhorn, floor,
        mmd, 1e-4, mmdFloor, OptionalDouble.of(-4), OptionalDouble.of(-3.5), 200, 10);
  }

  @Test
  void rowsAreMeanAndSampleSdOverSeedsWithTheMeanFloorsBeside() {
    String table = InterpolantBenchmark.table(List.of(cell(1, 0.1, 0.02, 1e-3, -1e-4), cell(2, 0.3, 0.04, 3e-3,
        3e-4)));
    // Sinkhorn mean 0.2, sd sqrt(0.02) = 0.141, floor mean 0.03; MMD^2 x 1e3 mean 2, sd 1.414, floor mean 0.1
    assertThat(table).contains("| grid | interpolant | linear:sqrt | velocity | 0.5 | 2 | 0.200 ± 0.141 | 0.030 |"
        + " 2.000 ± 1.414 | 0.100 | -4.000 ± 0.000 | -3.500 | 200 | 10 |");
  }

  @Test
  void lossKeysAreTheLossAndItsOwnKeys() {
    assertThat(InterpolantBenchmark.lossKeys("velocity-score;noise=denoiser;antithetic=false"))
        .containsExactly("loss=velocity-score", "loss.noise=denoiser", "loss.antithetic=false");
    assertThat(InterpolantBenchmark.lossKeys("velocity")).containsExactly("loss=velocity");
    assertThatThrownBy(() -> InterpolantBenchmark.lossKeys("velocity-score;denoiser"))
        .hasMessageContaining("velocity-score;denoiser").hasMessageContaining("NAME;key=value");
  }

  @Test
  void malformedCellsAndInterpolantsAreRefusedBeforeAnythingRuns() {
    for (String[] args : new String[][] {{"--cells", "linear-sqrt/velocity"}, {"--cells", "linear:sqrt"},
        {"--interpolants", "linear"}, {"--losses", "velocity;x"}, {"--jobs", "0"}}) {
      CommandLine line = new CommandLine(new BenchInterpolantsCommand());
      line.parseArgs(args);
      BenchInterpolantsCommand command = line.getCommand();
      assertThatThrownBy(command::call).as(String.join(" ", args)).isInstanceOf(CommandLine.ParameterException.class)
          .hasMessageContaining(args[1].contains(";") ? "velocity;x" : args[0].equals("--jobs") ? "--jobs"
              : args[1]);
    }
  }
}
