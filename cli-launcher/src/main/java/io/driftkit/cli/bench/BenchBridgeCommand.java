package io.driftkit.cli.bench;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftkit bench bridge}: the Schrödinger bridge ({@code dsb}, short horizon) against {@code dis} and
 * {@code dds} (their usual horizons) at the same step counts K and the same training wall time per cell.
 */
@Command(name = "bridge", description = "dsb (short horizon) against dis and dds at K steps and equal training wall"
    + " time: log Z error, ESS, Sinkhorn where exact samples exist, train seconds, IPF iterations; a Markdown"
    + " table, and each cell's run directory.")
final class BenchBridgeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--configs", description = "folder of <method>-<target>.properties (default: ${DEFAULT-VALUE})")
  Path configs = Path.of("configs");

  @Option(names = "--targets", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<String> targets = List.of("funnel", "gmm-grid", "double-well", "logreg-ionosphere");

  @Option(names = "--methods", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<String> methods = List.of("dsb", "dis", "dds");

  @Option(names = "--steps", split = ",", description = "step counts K (default: ${DEFAULT-VALUE})")
  List<Integer> steps = List.of(10, 20, 50);

  @Option(names = "--seconds", description = "training wall time of every cell, in s (default: ${DEFAULT-VALUE})")
  double seconds = 60;

  @Option(names = "--seeds", description = "seeds per cell (default: ${DEFAULT-VALUE})")
  int seeds = 1;

  @Option(names = "--sample-n", description = "paths per log Z estimate (default: ${DEFAULT-VALUE}; 0: each"
      + " config's sample.n)")
  int sampleN = 4000;

  @Option(names = "--set", description = "override a key in every cell")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--reference", description = "reference log Z for targets without an exact one, NAME=VALUE"
      + " (ionosphere defaults to driftkit's long-run smc value)")
  Map<String, Double> references = new TreeMap<>();

  @Option(names = "--runs", description = "where each cell's run directory goes (default: ${DEFAULT-VALUE})")
  Path runs = Path.of("runs", "bench-bridge");

  @Option(names = "--out", description = "Markdown file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-bridge.md");

  @Override
  public Integer call() throws Exception {
    var log = spec.commandLine().getErr();
    BenchControlCommand.SMC_REFERENCES.forEach(references::putIfAbsent);
    PluginRegistry registry = PluginRegistry.load();
    Pipeline pipeline = new Pipeline(new PrintStream(OutputStream.nullOutputStream()));
    List<BridgeBenchmark.Cell> cells = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    String header = String.format(Locale.ROOT, "Training wall time per cell: %.0f s (train.max-seconds; dsb's"
        + " smc particle pool is drawn before its first phase, outside that budget: setup s); %d paths per estimate;"
        + " dsb without its per-iteration report.%n%n",
        seconds, sampleN) + String.format(Locale.ROOT, "Load average (1 min) at the start: %.1f.%n%n", loadAverage());
    // seed by seed over the whole grid, so a run cut short still has every cell at the first seeds; the methods of
    // one (target, K, seed) run back to back, so they see the same machine load
    for (long seed = 1; seed <= seeds; seed++) {
      for (String target : targets) {
        for (int k : steps) {
          for (String method : methods) {
            String name = method + "-" + target + "-k" + k + "-s" + seed;
            try {
              RunConfig cfg = RunConfig.load(configs.resolve(method + "-" + target + ".properties"));
              if (method.equals("dsb")) {
                // the per-iteration report is a diagnostic that would spend dsb's training time
                cfg = cfg.with("method.report-n=0");
              }
              cfg = cfg.with(overrides).with(List.of("seed=" + seed,
                      (method.equals("dsb") ? "method.steps=" : "integrator.steps=") + k,
                      "train.max-seconds=" + seconds, "train.steps=1000000", "output.plot=true"));
              if (sampleN > 0) {
                cfg = cfg.with("sample.n=" + sampleN);
              }
              AssembledRun run = new RunAssembler(registry).assemble(cfg);
              log.println("bench bridge: " + name);
              Map<String, Object> m = pipeline.execute(run, RunDirectory.open(runs.resolve(name)));
              BridgeBenchmark.Cell cell = BridgeBenchmark.cell(target, method, k, seed, run, m);
              cells.add(cell);
              log.println("  " + BridgeBenchmark.summary(cell));
            } catch (RuntimeException e) {
              String failure = name + ": " + e.getMessage();
              log.println("failed: " + failure);
              failures.add(failure);
            }
            ControlBenchmark.write(out, header + BridgeBenchmark.table(cells, references)
                + BridgeBenchmark.failures(failures));
          }
        }
      }
    }
    String text = header + BridgeBenchmark.table(cells, references) + BridgeBenchmark.failures(failures)
        + String.format(Locale.ROOT, "%npeak RSS %.0f MiB; load average (1 min) at the end: %.1f%n",
            PeakMemory.mebibytes(), loadAverage());
    ControlBenchmark.write(out, text);
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The machine's load average over the last minute (negative where the platform does not say). */
  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
