package io.driftkit.cli.bench;

import io.driftkit.core.config.RunConfig;
import io.driftkit.cli.DriftkitCommand;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import io.driftkit.api.RandomSource;
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

/** {@code driftkit bench control}: the control-family table and its training throughput. */
@Command(name = "control", description = "Run dis/pis/dds (both losses) and smc on the benchmark targets over"
    + " several seeds; write a Markdown table of log Z beside the published numbers, then training speed and"
    + " peak memory of dis on funnel.")
final class BenchControlCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--configs", description = "folder of <method>-<target>.properties (default: ${DEFAULT-VALUE})")
  Path configs = Path.of("configs");

  @Option(names = "--targets", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<String> targets = List.of("funnel", "gmm-grid", "many-well", "double-well", "logreg-ionosphere");

  @Option(names = "--methods", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<String> methods = List.of("dis", "pis", "dds", "smc");

  @Option(names = "--losses", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<String> losses = List.of("log-variance", "path-kl");

  @Option(names = "--seeds", description = "seeds per cell (default: ${DEFAULT-VALUE})")
  int seeds = 3;

  @Option(names = "--sample-n", description = "paths per log Z estimate (default: each config's sample.n)")
  int sampleN = 0;

  @Option(names = "--set", description = "override a key in every cell, e.g. train.steps=500")
  List<String> overrides = new ArrayList<>();

  /** driftkit's own long-run SMC values (README, "The SMC baseline and reference log Z values"). */
  static final Map<String, Double> SMC_REFERENCES = Map.of("logreg-ionosphere", -111.628, "logreg-sonar", -108.374);

  @Option(names = "--reference", description = "reference log Z for targets without an exact one, NAME=VALUE"
      + " (ionosphere and sonar default to driftkit's long-run smc values)")
  Map<String, Double> references = new TreeMap<>();

  @Option(names = "--speed-steps", description = "training steps timed for the speed lines (0 skips them)")
  int speedSteps = 20;

  @Option(names = "--out", description = "Markdown file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-control.md");

  @Override
  public Integer call() throws Exception {
    var log = spec.commandLine().getErr();
    SMC_REFERENCES.forEach(references::putIfAbsent);
    ControlBenchmark bench = new ControlBenchmark(DriftkitCommand.plugins(spec), configs, overrides, log);
    List<ControlBenchmark.Cell> cells = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (String target : targets) {
      for (String method : methods) {
        for (String loss : method.equals("smc") ? java.util.Collections.<String>singletonList(null) : losses) {
          for (long seed = 1; seed <= seeds; seed++) {
            // one diverging cell is a result to report, not a reason to lose the rest of the table
            try {
              cells.add(bench.run(target, method, loss, seed, sampleN));
            } catch (RuntimeException e) {
              String failure = target + " " + method + " " + (loss == null ? "" : loss + " ") + "seed " + seed + ": "
                  + e.getMessage();
              log.println("failed: " + failure);
              failures.add(failure);
            }
            ControlBenchmark.write(out, withFailures(ControlBenchmark.table(cells, references), failures));
          }
        }
      }
    }
    StringBuilder text = new StringBuilder(withFailures(ControlBenchmark.table(cells, references), failures));
    if (speedSteps > 0) {
      text.append('\n').append(speed("log-variance")).append(speed("path-kl"));
    }
    ControlBenchmark.write(out, text.toString());
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String withFailures(String table, List<String> failures) {
    if (failures.isEmpty()) {
      return table;
    }
    StringBuilder s = new StringBuilder(table).append("\nFailed cells (not in the table):\n\n");
    failures.forEach(f -> s.append("- ").append(f).append('\n'));
    return s.toString();
  }

  /** Training steps/s of dis on funnel at batch 512 and 100 integrator steps, and peak RSS so far. */
  private String speed(String loss) {
    AssembledRun run = new RunAssembler(DriftkitCommand.plugins(spec)).assemble(RunConfig.of("speed", Map.of()).with(List.of(
        "method=dis", "target=funnel", "loss=" + loss, "integrator.steps=100", "train.batch=512",
        "train.steps=" + speedSteps, "model.hidden=64,64,64", "model.activation=gelu")));
    TrainResult r = new Trainer(run.train()).withProgress(TrainingProgress.NONE)
        .train(run.method(), run.components(), new RandomSource(1).split("train"), null, false);
    return String.format(Locale.ROOT, "dis + %s on funnel (batch 512, 100 steps, 64x64x64 gelu): %.3f training"
        + " steps/s over %d steps; peak RSS %.0f MiB%n", loss, r.stepsDone() / r.seconds(), r.stepsDone(),
        PeakMemory.mebibytes());
  }
}
