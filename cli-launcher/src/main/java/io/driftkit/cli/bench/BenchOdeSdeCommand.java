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

  /** The data sets: a target and its settings, each with an exact sampler (the five 2-D sets of issue 15 first). */
  static final Map<String, List<String>> DATA_SETS = orderedMap(
      "circles", List.of("target=circles"),
      "checkerboard", List.of("target=checkerboard"),
      "blob", List.of("target=blob"),
      "two-moons", List.of("target=two-moons"),
      "swiss-roll", List.of("target=swiss-roll"),
      "gmm-grid", List.of("target=gmm-grid"));

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> orderedMap(Object... pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int k = 0; k < pairs.length; k += 2) {
      map.put((String) pairs[k], (List<String>) pairs[k + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /**
   * Settings of every cell before --set: the run a reader can repeat with 'driftkit run'. The regulariser as in the
   * README's table: residual points on a box, the dimensionless per-time weight, plain dsm for the first half of
   * training and lambda ramped up over the next quarter.
   */
  static final List<String> BASE = List.of("method=score-sde", "model=mlp", "loss=dsm-fp", "forward=vp",
      "integrator=euler-maruyama", "integrator.steps=200", "train.steps=1000", "train.batch=256",
      "train.checkpoint-every=0", "loss.residual-batch=64", "loss.residual-points=box", "loss.residual-box=4",
      "loss.residual-weight=scaled", "loss.fp-start=500", "loss.fp-ramp=250", "sample.n=1000", "method.gap-n=1000",
      "method.gap-steps=200", "method.gap-residual-n=500");

  @Spec
  CommandSpec spec;

  @Option(names = "--data-sets", split = ",", description = "circles, checkerboard, blob, two-moons, swiss-roll,"
      + " gmm-grid (default: ${DEFAULT-VALUE})")
  List<String> dataSets = List.of("circles", "checkerboard", "blob", "two-moons", "swiss-roll");

  @Option(names = "--lambdas", split = ",", description = "residual weights (default: ${DEFAULT-VALUE})")
  List<Double> lambdas = List.of(0.0, 0.01, 0.1, 1.0);

  @Option(names = "--seeds", description = "seeds per cell (default: ${DEFAULT-VALUE})")
  int seeds = 3;

  @Option(names = "--jobs", description = "cells run at once, each in a JVM of its own with one OpenMP thread"
      + " (default: ${DEFAULT-VALUE}: in this JVM, one after another); the numbers do not depend on it")
  int jobs = 1;

  /** Set in a child JVM of --jobs: run only this seed of the one data set and lambda given, write no table. */
  @Option(names = "--cell-seed", hidden = true)
  Long cellSeed;

  @Option(names = "--set", description = "override a key in every cell, e.g. train.steps=500")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--runs", description = "parent of the cells' run directories (default: ${DEFAULT-VALUE})")
  Path runs = Path.of("runs", "bench-odesde");

  @Option(names = "--out", description = "Markdown file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-odesde.md");

  /** The metrics a row reports, mean ± sd over seeds. */
  static final List<String> COLUMNS = List.of("fp_residual_ms", "ode_sde_w2", "ode_sde_w2_floor", "ode_sinkhorn",
      "sde_sinkhorn", "gap_sinkhorn_floor", "ode_mmd2", "sde_mmd2", "gap_mmd2_floor", "train_seconds");

  /** One training run of the table. */
  record Cell(String dataSet, double lambda, long seed) {
    String name() {
      return String.format(Locale.ROOT, "%s-lambda%s-seed%d", dataSet, lambda, seed);
    }

    String row() {
      return dataSet + "|" + lambda;
    }
  }

  @Override
  public Integer call() throws Exception {
    var log = spec.commandLine().getErr();
    for (String name : dataSets) {
      if (!DATA_SETS.containsKey(name)) {
        throw new io.driftkit.api.config.ConfigException("unknown data set '" + name + "' for --data-sets: expected"
            + " one of " + DATA_SETS.keySet());
      }
    }
    if (jobs < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jobs must be >= 1, got " + jobs);
    }
    if (cellSeed != null) {
      Cell cell = new Cell(dataSets.get(0), lambdas.get(0), cellSeed);
      runHere(cell);
      return 0;
    }
    List<Cell> cells = new ArrayList<>();
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    // seed by seed: a run cut short leaves every row with the same seeds, not some rows with none
    for (long seed = 1; seed <= seeds; seed++) {
      for (String name : dataSets) {
        for (double lambda : lambdas) {
          cells.add(new Cell(name, lambda, seed));
        }
      }
    }
    List<String> failures = new ArrayList<>();
    Map<Cell, Map<String, Object>> done = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (Cell cell : cells) {
        futures.add(pool.submit(() -> {
          // one failed cell is a result to report, not a reason to lose the rest of the table
          try {
            Map<String, Object> m = jobs == 1 ? runHere(cell) : runInChild(cell);
            done.put(cell, m);
            synchronized (log) {
              log.printf(Locale.ROOT, "%s: residual %.4g, ode-sde W2 %.4f (floor %.4f), Sinkhorn ode %.4f sde %.4f,"
                  + " train %.0f s%n", cell.name(), value(m, "fp_residual_ms"), value(m, "ode_sde_w2"),
                  value(m, "ode_sde_w2_floor"), value(m, "ode_sinkhorn"), value(m, "sde_sinkhorn"),
                  value(m, "train_seconds"));
              log.flush();
            }
          } catch (Exception e) {
            synchronized (failures) {
              failures.add(cell.name() + ": " + e.getMessage());
            }
            synchronized (log) {
              log.println("failed: " + cell.name() + ": " + e.getMessage());
              log.flush();
            }
          }
          synchronized (rows) {
            try {
              ControlBenchmark.write(out, table(group(cells, done), failures));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          return null;
        }));
      }
      for (var f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    String text = table(group(cells, done), failures);
    ControlBenchmark.write(out, text);
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The finished cells by row, rows and seeds in the order of the grid whatever order they finished in. */
  private static Map<String, List<Map<String, Object>>> group(List<Cell> cells, Map<Cell, Map<String, Object>> done) {
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    for (Cell cell : cells) {
      Map<String, Object> m = done.get(cell);
      if (m != null) {
        rows.computeIfAbsent(cell.row(), k -> new ArrayList<>()).add(m);
      }
    }
    return rows;
  }

  /** The settings of a cell: the run 'driftkit run --set ...' repeats. */
  private List<String> config(Cell cell) {
    List<String> cfg = new ArrayList<>(BASE);
    cfg.addAll(DATA_SETS.get(cell.dataSet()));
    cfg.add("loss.lambda=" + cell.lambda());
    cfg.addAll(overrides);
    cfg.add("seed=" + cell.seed());
    return cfg;
  }

  private Map<String, Object> runHere(Cell cell) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    AssembledRun run = new RunAssembler(DriftkitCommand.plugins(spec)).assemble(RunConfig.of(cell.name(), Map.of())
        .with(config(cell)));
    return new Pipeline(quiet).execute(run, RunDirectory.createFor(runs.resolve(cell.name()), true));
  }

  /**
   * The cell in a child JVM (this JVM's java, options and class path; this command with --cell-seed), its output in
   * {@code <runs>/<cell>.log}; the metrics are read back from the run directory's metrics.json.
   */
  private Map<String, Object> runInChild(Cell cell) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
        "java").toString()));
    command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DriftkitCommand.class.getName(), "bench",
        "odesde", "--data-sets", cell.dataSet(), "--lambdas", Double.toString(cell.lambda()), "--cell-seed",
        Long.toString(cell.seed()), "--runs", runs.toString()));
    for (String o : overrides) {
      command.addAll(List.of("--set", o));
    }
    java.nio.file.Files.createDirectories(runs);
    Path logFile = runs.resolve(cell.name() + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process child = pb.start();
    int status = child.waitFor();
    Path metrics = runs.resolve(cell.name()).resolve("metrics.json");
    if (status != 0 || !java.nio.file.Files.isRegularFile(metrics)) {
      throw new IllegalStateException("child JVM exited with " + status + " (see " + logFile + ")");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(metrics.toFile(), Map.class);
    if (!"ok".equals(String.valueOf(m.getOrDefault("status", "ok")))) {
      throw new IllegalStateException("run " + m.get("status") + ": " + m.get("error") + " (see " + logFile + ")");
    }
    return m;
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
