package io.driftkit.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import io.driftkit.core.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code driftkit bench samplers}: error against NFE of every score-sde sampler with exact scores. */
@Command(name = "samplers", description = "Every score-sde sampler with exact scores (gmm-grid, gmm-40 and a Gaussian"
    + " under VP, gmm-grid under the non-linear tanh process): NFE spent, RMS distance to the exact flow's endpoints,"
    + " Sinkhorn and MMD to exact samples, samples/s against a memory-bandwidth bound; Markdown tables and log-log"
    + " PNGs.")
final class BenchSamplersCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--n", description = "samples per cell (default: ${DEFAULT-VALUE})")
  int n = 500;

  @Option(names = "--sinkhorn-n", description = "samples entering the Sinkhorn divergence (default: ${DEFAULT-VALUE})")
  int sinkhornN = 500;

  @Option(names = "--nfe", split = ",", description = "requested NFE (default: ${DEFAULT-VALUE})")
  int[] nfe = {5, 10, 20, 50, 100};

  @Option(names = "--targets", split = ",", description = "gmm-grid, gmm-40, tanh-grid, gaussian (default: all)")
  List<String> targets = new ArrayList<>();

  @Option(names = "--samplers", split = ",", description = "default: all")
  List<String> samplers = new ArrayList<>();

  @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
  long seed = 1;

  @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-samplers");

  @Override
  public Integer call() {
    var log = spec.commandLine().getErr();
    String loadBefore = SamplerBenchmark.load();
    long start = System.nanoTime();
    double bandwidth = SamplerBenchmark.bandwidth();
    log.printf(Locale.ROOT, "memory bandwidth (triad): %.1f GB/s%n", bandwidth / 1e9);
    SamplerBenchmark bench = new SamplerBenchmark(log, n, sinkhornN, seed);
    List<SamplerBenchmark.Sampler> chosen = SamplerBenchmark.samplers(nfe).stream()
        .filter(s -> samplers.isEmpty() || samplers.contains(s.name())).toList();
    List<SamplerBenchmark.Cell> cells = new ArrayList<>();
    Map<String, double[]> floors = new LinkedHashMap<>();
    RunDirectory dir = RunDirectory.open(out);
    StringBuilder pivots = new StringBuilder();
    for (SamplerBenchmark.Problem p : SamplerBenchmark.PROBLEMS) {
      if (!targets.isEmpty() && !targets.contains(p.name())) {
        continue;
      }
      List<SamplerBenchmark.Cell> mine = bench.problem(p, chosen, nfe, bandwidth, floors);
      cells.addAll(mine);
      pivots.append(SamplerBenchmark.pivot(cells, p.name(), nfe, true)).append('\n')
          .append(SamplerBenchmark.pivot(cells, p.name(), nfe, false)).append('\n');
      SamplerBenchmark.plot(dir, "path-" + p.name() + ".png", cells, p.name(), true);
      SamplerBenchmark.plot(dir, "sinkhorn-" + p.name() + ".png", cells, p.name(), false);
    }
    double minutes = (System.nanoTime() - start) / 60e9;
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "driftkit bench samplers: n = %d per cell (Sinkhorn on %d, eps 0.05 on"
        + " standardised samples; signed MMD^2 with the multi-scale kernel of the exact samples), seed %d%n%nMachine: %s; load average %s at the start,"
        + " %s at the end; triad bandwidth %.1f GB/s; %.1f minutes.%n%n", n, sinkhornN, seed,
        SamplerBenchmark.machine(), loadBefore, SamplerBenchmark.load(), bandwidth / 1e9, minutes));
    text.append("Monte Carlo floor (two independent exact sample sets):");
    floors.forEach((k, v) -> text.append(String.format(Locale.ROOT, " %s Sinkhorn %.2e, MMD^2 %.2e;", k, v[0], v[1])));
    text.append("\n\n").append(pivots).append('\n').append(SamplerBenchmark.table(cells));
    SamplerBenchmark.write(dir, "bench-samplers.md", text.toString());
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
