package io.driftkit.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftkit bench kernels}: mlp kernel GFLOP/s and the fraction of the machine's measured FMA peak. */
@Command(name = "kernels", description = "GFLOP/s of the mlp's forward and forward+backward passes (float32 and"
    + " float64, at 512 and 51,200 rows) beside the float32/float64 FMA peak measured in the same run.")
final class BenchKernelsCommand implements Callable<Integer> {

  @Option(names = "--seconds", description = "measuring time per line (default: ${DEFAULT-VALUE})")
  double seconds = 2;

  @Override
  public Integer call() {
    new KernelBenchmark(System.out, seconds).run();
    return 0;
  }
}
