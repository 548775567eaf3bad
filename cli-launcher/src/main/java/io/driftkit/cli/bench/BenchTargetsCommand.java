package io.driftkit.cli.bench;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.plugin.Spi;
import io.driftkit.cli.DriftkitCommand;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.RunAssembler;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code driftkit bench targets}: log density + gradient throughput of every registered target. */
@Command(name = "targets", description = "Throughput (points/s) of log density + gradient per target at one batch"
    + " size, on exact samples where the target has them, else on N(0, 0.25 I) points.")
final class BenchTargetsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--batch", description = "points per call (default: ${DEFAULT-VALUE})")
  int batch = 4096;

  @Option(names = "--seconds", description = "timed seconds per target (default: ${DEFAULT-VALUE})")
  double seconds = 2;

  @Override
  public Integer call() {
    PluginRegistry registry = DriftkitCommand.plugins(spec);
    var out = spec.commandLine().getOut();
    out.printf("%-20s %6s %16s %10s%n", "target", "dim", "points/s", "build s");
    for (String name : registry.names(Spi.TARGET)) {
      long t0 = System.nanoTime();
      Target target = new RunAssembler(registry).target(name, Map.of(), 1);
      double build = (System.nanoTime() - t0) / 1e9;
      if (!target.hasLogDensity() || !target.hasGradient()) {
        out.printf(Locale.ROOT, "%-20s %6d %16s %10.2f%n", name, target.dim(), "no gradient", build);
        continue;
      }
      INDArray x = target.hasExactSampler() ? target.sample(batch, new RandomSource(1))
          : new RandomSource(1).normal(batch, target.dim()).muli(0.5);
      out.printf(Locale.ROOT, "%-20s %6d %16.0f %10.2f%n", name, target.dim(), pointsPerSecond(target, x), build);
      out.flush();
    }
    out.printf(Locale.ROOT, "peak RSS %.0f MiB%n", PeakMemory.mebibytes());
    return 0;
  }

  private double pointsPerSecond(Target target, INDArray x) {
    for (int i = 0; i < 3; i++) {
      target.logDensity(x);
      target.gradLogDensity(x);
    }
    int reps = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      target.logDensity(x);
      target.gradLogDensity(x);
      reps++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < seconds * 1e9 && reps < 10000);
    return (double) reps * batch / (elapsed / 1e9);
  }

}
