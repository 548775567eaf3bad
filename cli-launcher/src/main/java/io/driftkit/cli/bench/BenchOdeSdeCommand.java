package io.driftkit.cli.bench;

import io.driftkit.cli.DriftkitCommand;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftkit bench odesde}: the ODE–SDE gap of {@code score-sde} with {@code mlp} trained by {@code dsm-fp} at
 * several residual weights lambda (lambda = 0 is plain dsm on the same batches), on 2-D data sets, over seeds.
 */
@Command(name = "odesde", description = "Train score-sde + mlp with loss dsm-fp at each lambda on 2-D data sets over"
    + " several seeds; write a Markdown table of the mean squared Fokker-Planck residual, the ODE-SDE W2 and each"
    + " sampler's Sinkhorn and MMD^2 against exact samples. Every cell's run directory (metrics.json, gap.png) is"
    + " kept under --runs.")
final class BenchOdeSdeCommand implements Callable<Integer> {

  /** The data sets: a target and its settings, each with an exact sampler. */
  static final Map<String, List<String>> DATA_SETS = Map.of(
      "blob", List.of("target=gaussian", "target.mean=1.5,-1", "target.variance=0.09"),
      "gmm-grid", List.of("target=gmm-grid"));

  /** Settings of every cell before --set: the run a reader can repeat with 'driftkit run'. */
  static final List<String> BASE = List.of("method=score-sde", "model=mlp", "loss=dsm-fp", "forward=vp",
      "integrator=euler-maruyama", "integrator.steps=200", "train.steps=2000", "train.batch=256",
      "train.checkpoint-every=0", "loss.residual-batch=64", "sample.n=1000", "method.gap-n=1000",
      "method.gap-steps=200", "method.gap-residual-n=500");

  @Spec
  CommandSpec spec;

  @Option(names = "--data-sets", split = ",", description = "blob and/or gmm-grid (default: ${DEFAULT-VALUE})")
  List<String> dataSets = List.of("blob", "gmm-grid");

  @Option(names = "--lambdas", split = ",", description = "residual weights (default: ${DEFAULT-VALUE})")
  List<Double> lambdas = List.of(0.0, 0.01, 0.1, 1.0);

  @Option(names = "--seeds", description = "seeds per cell (default: ${DEFAULT-VALUE})")
  int seeds = 3;

  @Option(names = "--set", description = "override a key in every cell, e.g. train.steps=500")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--runs", description = "parent of the cells' run directories (default: ${DEFAULT-VALUE})")
  Path runs = Path.of("runs", "bench-odesde");

  @Option(names = "--out", description = "Markdown file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-odesde.md");

  /** The metrics a row reports, mean ± sd over seeds. */
  static final List<String> COLUMNS = List.of("fp_residual_ms", "ode_sde_w2", "ode_sde_w2_floor", "ode_sinkhorn",
      "sde_sinkhorn", "gap_sinkhorn_floor", "ode_mmd2", "sde_mmd2", "gap_mmd2_floor", "train_seconds");

  @Override
  public Integer call() throws Exception {
    var log = spec.commandLine().getErr();
    for (String name : dataSets) {
      if (!DATA_SETS.containsKey(name)) {
        throw new io.driftkit.api.config.ConfigException("unknown data set '" + name + "' for --data-sets: expected"
            + " one of " + new java.util.TreeSet<>(DATA_SETS.keySet()));
      }
    }
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    for (String name : dataSets) {
      for (double lambda : lambdas) {
        String row = name + "|" + lambda;
        for (long seed = 1; seed <= seeds; seed++) {
          List<String> cfg = new ArrayList<>(BASE);
          cfg.addAll(DATA_SETS.get(name));
          cfg.add("loss.lambda=" + lambda);
          cfg.addAll(overrides);
          cfg.add("seed=" + seed);
          String cell = String.format(Locale.ROOT, "%s-lambda%s-seed%d", name, lambda, seed);
          // one failed cell is a result to report, not a reason to lose the rest of the table
          try {
            AssembledRun run = new RunAssembler(DriftkitCommand.plugins(spec)).assemble(RunConfig.of(cell, Map.of())
                .with(cfg));
            Map<String, Object> m = new Pipeline(quiet).execute(run, RunDirectory.createFor(runs.resolve(cell), true));
            rows.computeIfAbsent(row, k -> new ArrayList<>()).add(m);
            log.printf(Locale.ROOT, "%s: residual %.4g, ode-sde W2 %.4f (floor %.4f), Sinkhorn ode %.4f sde %.4f,"
                + " train %.0f s%n", cell, value(m, "fp_residual_ms"), value(m, "ode_sde_w2"),
                value(m, "ode_sde_w2_floor"), value(m, "ode_sinkhorn"), value(m, "sde_sinkhorn"),
                value(m, "train_seconds"));
          } catch (RuntimeException e) {
            failures.add(cell + ": " + e.getMessage());
            log.println("failed: " + cell + ": " + e.getMessage());
          }
          log.flush();
          ControlBenchmark.write(out, table(rows, failures));
        }
      }
    }
    String text = table(rows, failures);
    ControlBenchmark.write(out, text);
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String table(Map<String, List<Map<String, Object>>> rows, List<String> failures) {
    StringBuilder md = new StringBuilder("| data set | lambda | seeds | ").append(String.join(" | ", COLUMNS))
        .append(" |\n|---|---|---").append("|---".repeat(COLUMNS.size())).append("|\n");
    rows.forEach((row, cells) -> {
      String[] key = row.split("\\|");
      md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(cells.size());
      for (String column : COLUMNS) {
        double[] v = cells.stream().mapToDouble(m -> value(m, column)).toArray();
        md.append(" | ").append(meanSd(v));
      }
      md.append(" |\n");
    });
    if (!failures.isEmpty()) {
      md.append("\nFailed cells (not in the table):\n\n");
      failures.forEach(f -> md.append("- ").append(f).append('\n'));
    }
    return md.toString();
  }

  private static String meanSd(double[] v) {
    double m = ControlBenchmark.mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
    return String.format(Locale.ROOT, "%.3g ± %.2g", m, sd);
  }

  private static double value(Map<String, Object> metrics, String key) {
    return metrics.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
