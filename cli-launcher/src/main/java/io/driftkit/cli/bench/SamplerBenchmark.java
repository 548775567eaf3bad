package io.driftkit.cli.bench;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.metrics.Sinkhorn;
import io.driftkit.core.plot.LogLogPlot;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import io.driftkit.toolkit.Rows;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code driftkit bench samplers}: every sampler of score-sde against exact answers, on targets whose score is known
 * exactly (oracle-score for mixtures under VP, oracle-fp-score under the non-linear tanh process). For each sampler
 * and requested NFE: the NFE spent, the RMS distance of the samples to the probability-flow ODE's own endpoints from
 * the same prior points (rk45 at rtol 1e-9; deterministic samplers), Sinkhorn divergence and MMD^2 to exact target
 * samples, the variance error on the Gaussian, samples/s and that rate against a memory-bandwidth bound of one step
 * (each step reads the state and the model outputs and writes the next state, (2 + E) d float64 per sample for E
 * evaluations), with the bandwidth measured in the same run.
 */
final class SamplerBenchmark {

  /**
   * A target with its exact score, as run keys; {@code quadratic}: the fixed-step samplers take steps quadratic in t
   * (dense at the data end), where a process with strong noise near the data makes uniform steps unstable.
   */
  record Problem(String name, List<String> keys, boolean linear, boolean gaussian, double variance,
      boolean quadratic) {}

  /** A sampler as run keys for a requested NFE, and how many evaluations one of its steps spends. */
  record Sampler(String name, IntFunction<List<String>> keys, boolean linearOnly, boolean stochastic,
      boolean toDataEnd, double evaluationsPerStep) {}

  /** One measured cell. */
  record Cell(String problem, String sampler, int requested, long nfe, int steps, double pathRmse, double sinkhorn,
      double mmd, double varianceError, double samplesPerSecond, double boundRatio, String note) {}

  static final List<Problem> PROBLEMS = List.of(
      new Problem("gmm-grid", List.of("target=gmm-grid", "forward=vp", "model=oracle-score"), true, false, 0, false),
      new Problem("gmm-40", List.of("target=gmm-40", "forward=vp", "forward.prior-std=25", "model=oracle-score"), true,
          false, 0, false),
      new Problem("tanh-grid", List.of("target=gmm-grid", "forward=tanh", "forward.diffusion=3", "forward.width=5",
          "forward.horizon=15", "model=oracle-fp-score"), false, false, 0, true),
      new Problem("gaussian", List.of("target=gaussian", "target.dim=2", "target.variance=0.5", "forward=vp",
          "model=oracle-score"), true, true, 0.5, false));

  static final double[] RK45_TOLERANCES = {3e-1, 3e-2, 3e-3, 3e-4, 3e-5};

  static List<Sampler> samplers(int[] nfe) {
    List<Sampler> all = new ArrayList<>();
    all.add(new Sampler("euler", n -> List.of("integrator=euler", "integrator.steps=" + Math.max(1, n)), false,
        false, false, 1));
    all.add(new Sampler("heun", n -> List.of("integrator=heun", "integrator.steps=" + Math.max(1, n / 2)), false,
        false, false, 2));
    all.add(new Sampler("rk4", n -> List.of("integrator=rk4", "integrator.steps=" + Math.max(1, n / 4)), false,
        false, false, 4));
    all.add(new Sampler("rk45", n -> {
      int slot = 0;
      while (slot < nfe.length - 1 && nfe[slot] != n) {
        slot++;
      }
      double tol = RK45_TOLERANCES[Math.min(slot, RK45_TOLERANCES.length - 1)];
      return List.of("integrator=rk45", "integrator.rtol=" + tol, "integrator.atol=" + tol);
    }, false, false, false, 6));
    all.add(new Sampler("ddim", n -> List.of("integrator=ddim", "integrator.steps=" + n), true, false, false, 1));
    all.add(new Sampler("ddim-eta1", n -> List.of("integrator=ddim", "integrator.eta=1", "integrator.steps=" + n),
        true, true, false, 1));
    all.add(new Sampler("dpm-solver-2m", n -> List.of("integrator=dpm-solver", "integrator.steps=" + n), true,
        false, false, 1));
    all.add(new Sampler("dpm-solver-3m", n -> List.of("integrator=dpm-solver", "integrator.order=3",
        "integrator.steps=" + n), true, false, false, 1));
    all.add(new Sampler("edm-heun", n -> List.of("integrator=edm", "integrator.steps=" + Math.max(2, (n + 1) / 2)),
        true, false, true, 2));
    all.add(new Sampler("edm-euler", n -> List.of("integrator=edm", "integrator.solver=euler",
        "integrator.steps=" + Math.max(2, n)), true, false, true, 1));
    all.add(new Sampler("rd", n -> List.of("integrator=rd", "integrator.steps=" + n), false, false, false, 1));
    return all;
  }

  private final PluginRegistry registry = PluginRegistry.load();
  private final PrintWriter log;
  private final int n;
  private static final int TIMED_ROUNDS = 3;
  private final int sinkhornN;
  private final long seed;

  SamplerBenchmark(PrintWriter log, int n, int sinkhornN, long seed) {
    this.log = log;
    this.n = n;
    this.sinkhornN = sinkhornN;
    this.seed = seed;
  }

  private AssembledRun assemble(Problem problem, List<String> sampler, String... more) {
    // the samplers alone: score-sde's ODE-SDE gap report would otherwise dominate the time measured
    List<String> keys = new ArrayList<>(List.of("method=score-sde", "train.steps=0", "seed=" + seed,
        "method.gap-n=0", "method.gap-residual-n=0"));
    keys.addAll(problem.keys());
    keys.addAll(sampler);
    keys.addAll(List.of(more));
    return new RunAssembler(registry).assemble(RunConfig.of("bench samplers", Map.of()).with(keys));
  }

  /** The endpoints of the exact probability flow from the run's prior points (rk45 at 1e-9). */
  INDArray reference(Problem problem, boolean toDataEnd) {
    AssembledRun run = assemble(problem, List.of("integrator=rk45", "integrator.rtol=1e-9", "integrator.atol=1e-9",
        "integrator.max-steps=1000000"), toDataEnd ? "method.t-min=1e-9" : "method.t-min=1e-3");
    return run.method().sample(run.components(), n, new RandomSource(seed).split("sample"), StepObserver.NONE)
        .samples();
  }

  /** Exact samples of the target and the Monte Carlo floor of the distances (exact against exact). */
  INDArray[] exact(Problem problem) {
    AssembledRun run = assemble(problem, List.of("integrator=euler"));
    INDArray a = run.components().target().sample(n, new RandomSource(seed).split("reference"));
    INDArray b = run.components().target().sample(n, new RandomSource(seed).split("floor"));
    return new INDArray[] {a, b};
  }

  double sinkhorn(INDArray x, INDArray y) {
    INDArray[] s = Sinkhorn.standardise(head(x, sinkhornN), head(y, sinkhornN));
    return Sinkhorn.divergence(s[0], s[1], 0.05);
  }

  /** Signed unbiased MMD^2 with the multi-scale kernel of the exact samples (the run metrics' kernel). */
  static double mmd(INDArray x, INDArray exact) {
    INDArray reference = head(exact, 2000);
    return Mmd.estimate(head(x, 2000), reference, Mmd.Kernel.multiScale(reference)).value();
  }

  static INDArray head(INDArray x, int k) {
    return x.size(0) <= k ? x : x.get(NDArrayIndex.interval(0, k), NDArrayIndex.all()).dup();
  }

  Cell run(Problem problem, Sampler sampler, int requested, INDArray exact, INDArray reference,
      double bandwidth) {
    List<String> keys = new ArrayList<>(sampler.keys().apply(requested));
    if (problem.quadratic()) {
      String integrator = keys.get(0);
      if (List.of("integrator=euler", "integrator=heun", "integrator=rk4").contains(integrator)) {
        keys.add("integrator.grid=quadratic");
      } else if (integrator.equals("integrator=rd")) {
        keys.add("integrator.schedule=quadratic");
      }
    }
    AssembledRun run = assemble(problem, keys);
    // warm-up of this configuration at full size: on a few points the timed run still ran code C2 had not compiled
    // (the Vector API kernels hundreds of times slower than compiled), which the rates measured
    run.method().sample(run.components(), n, new RandomSource(seed).split("warm-up"), StepObserver.NONE);
    // the fastest of three identical runs: a single run of tens of milliseconds varied threefold with collections and
    // late compilations
    int[] steps = {0};
    Method.Sample s = null;
    double seconds = Double.POSITIVE_INFINITY;
    for (int round = 0; round < TIMED_ROUNDS; round++) {
      steps[0] = 0;
      long start = System.nanoTime();
      s = run.method().sample(run.components(), n, new RandomSource(seed).split("sample"), step -> steps[0]++);
      seconds = Math.min(seconds, (System.nanoTime() - start) / 1e9);
    }
    INDArray x = s.samples();
    double path = sampler.stochastic() ? Double.NaN : rms(x, reference);
    int d = (int) x.size(1);
    double variance = problem.gaussian() ? varianceError(x, sampler.stochastic() ? null : reference,
        problem.variance()) : Double.NaN;
    double rate = n / seconds;
    double evaluations = (double) s.functionEvaluations() / Math.max(1, steps[0]);
    double bound = bandwidth / ((2 + evaluations) * 8.0 * d * Math.max(1, steps[0]));
    return new Cell(problem.name(), sampler.name(), requested, s.functionEvaluations(), steps[0], path,
        sinkhorn(x, exact), mmd(x, exact), variance, rate, rate / bound, "");
  }

  /**
   * The relative error of the final variance. On a Gaussian every deterministic sampler maps each prior point to c x,
   * so against the exact flow's endpoints of the same prior points the ratio of sample variances is (c / c_exact)^2
   * with no Monte Carlo error; a stochastic sampler is compared with the target's variance, which leaves the sampling
   * error of a variance, about sqrt(2 / (n d)).
   */
  static double varianceError(INDArray x, INDArray reference, double exact) {
    double v = x.var(0).meanNumber().doubleValue();
    double against = reference == null ? exact : reference.var(0).meanNumber().doubleValue();
    return Math.abs(v / against - 1);
  }

  static double rms(INDArray a, INDArray b) {
    INDArray diff = a.sub(b);
    return Math.sqrt(diff.mul(diff).meanNumber().doubleValue());
  }

  /** Runs every cell of a problem; cells a sampler refuses are recorded with the reason. */
  List<Cell> problem(Problem problem, List<Sampler> samplers, int[] nfe, double bandwidth, Map<String, double[]>
      floors) {
    log.println("[" + problem.name() + "] exact samples and reference flows");
    log.flush();
    INDArray[] exact = exact(problem);
    floors.put(problem.name(), new double[] {sinkhorn(exact[1], exact[0]), mmd(exact[1], exact[0])});
    INDArray toMin = reference(problem, false);
    INDArray toZero = problem.linear() ? reference(problem, true) : null;
    List<Cell> cells = new ArrayList<>();
    for (Sampler sampler : samplers) {
      if (sampler.linearOnly() && !problem.linear()) {
        continue;
      }
      for (int requested : nfe) {
        try {
          Cell c = run(problem, sampler, requested, exact[0], sampler.toDataEnd() ? toZero : toMin, bandwidth);
          log.printf(Locale.ROOT, "[%s] %-14s NFE %4d: path %.3e  sinkhorn %.3e  %.0f samples/s%n", problem.name(),
              sampler.name(), c.nfe(), c.pathRmse(), c.sinkhorn(), c.samplesPerSecond());
          log.flush();
          cells.add(c);
        } catch (ConfigException | IllegalStateException e) {
          log.println("[" + problem.name() + "] " + sampler.name() + " NFE " + requested + ": " + e.getMessage());
          cells.add(new Cell(problem.name(), sampler.name(), requested, 0, 0, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, Double.NaN, Double.NaN, e.getMessage()));
        }
      }
    }
    return cells;
  }

  /**
   * Memory bandwidth in bytes/s: the best of five STREAM-style triads {@code a = b + s c} over three 64 MB float64
   * arrays (three streams of 64 MB moved per pass), in one thread as the samplers run.
   */
  static double bandwidth() {
    int len = 8 << 20;
    double[] a = new double[len];
    double[] b = new double[len];
    double[] c = new double[len];
    java.util.Arrays.fill(b, 1);
    java.util.Arrays.fill(c, 2);
    double best = Double.MAX_VALUE;
    for (int rep = 0; rep < 6; rep++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < len; i++) {
        a[i] = b[i] + 0.5 * c[i];
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (rep > 0) {
        best = Math.min(best, s);
      }
    }
    if (a[len / 2] != 2) {
      throw new IllegalStateException("triad check failed");
    }
    return 3.0 * 8 * len / best;
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (Exception ignored) {
      // not Linux: the CPU name is only informative
    }
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cpus, OMP_NUM_THREADS="
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** The full table: one row per cell. */
  static String table(List<Cell> cells) {
    StringBuilder s = new StringBuilder("| target | sampler | NFE asked | NFE | steps | path RMSE | Sinkhorn | MMD^2 |"
        + " rel. var. error | samples/s | of bw bound |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      if (!c.note().isEmpty()) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %d | refused: %s |||||||%n", c.problem(), c.sampler(),
            c.requested(), c.note().replace('|', '/')));
        continue;
      }
      s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s | %s | %.0f | %s |%n", c.problem(),
          c.sampler(), c.requested(), c.nfe(), c.steps(), fmt(c.pathRmse()), fmt(c.sinkhorn()), fmt(c.mmd()),
          fmt(c.varianceError()), c.samplesPerSecond(), fmt(c.boundRatio())));
    }
    return s.toString();
  }

  /** Per target: samplers by rows, requested NFE by columns, the given error (with the NFE spent). */
  static String pivot(List<Cell> cells, String problem, int[] nfe, boolean path) {
    StringBuilder s = new StringBuilder("| " + problem + (path ? " (path RMSE)" : " (Sinkhorn)") + " |");
    for (int k : nfe) {
      s.append(" NFE ").append(k).append(" |");
    }
    s.append("\n|---|").append("---|".repeat(nfe.length)).append('\n');
    Map<String, Map<Integer, Cell>> bySampler = new LinkedHashMap<>();
    for (Cell c : cells) {
      if (c.problem().equals(problem)) {
        bySampler.computeIfAbsent(c.sampler(), k -> new LinkedHashMap<>()).put(c.requested(), c);
      }
    }
    for (Map.Entry<String, Map<Integer, Cell>> e : bySampler.entrySet()) {
      s.append("| ").append(e.getKey()).append(" |");
      for (int k : nfe) {
        Cell c = e.getValue().get(k);
        double v = c == null ? Double.NaN : path ? c.pathRmse() : c.sinkhorn();
        s.append(' ').append(c == null || Double.isNaN(v) ? "-" : fmt(v) + (c.nfe() != k ? " (" + c.nfe() + ")"
            : "")).append(" |");
      }
      s.append('\n');
    }
    return s.toString();
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2e", v);
  }

  /** A log-log PNG of the given error against the NFE spent, one line per sampler. */
  static void plot(RunDirectory dir, String file, List<Cell> cells, String problem, boolean path) {
    Map<String, double[][]> series = new LinkedHashMap<>();
    Map<String, List<Cell>> bySampler = new LinkedHashMap<>();
    for (Cell c : cells) {
      if (c.problem().equals(problem) && c.note().isEmpty()) {
        bySampler.computeIfAbsent(c.sampler(), k -> new ArrayList<>()).add(c);
      }
    }
    bySampler.forEach((name, list) -> {
      double[] x = list.stream().mapToDouble(c -> c.nfe()).toArray();
      double[] y = list.stream().mapToDouble(c -> path ? c.pathRmse() : c.sinkhorn()).toArray();
      series.put(name, new double[][] {x, y});
    });
    dir.write(file, out -> LogLogPlot.write(out, problem + ": " + (path ? "RMS distance to the exact flow's endpoints"
        : "Sinkhorn divergence to exact samples") + " against NFE", "NFE", path ? "path RMSE" : "Sinkhorn", series));
  }

  static void write(RunDirectory dir, String name, String text) {
    dir.write(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
