package io.driftkit.cli.bench;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.metrics.Sinkhorn;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import io.driftkit.interpolants.method.InterpolantMethod;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains interpolant cells (problem x interpolant/gamma x loss x seed) once each and samples every trained model at
 * each eps (eps = 0: Heun, 100 steps; eps > 0: Euler–Maruyama, 200 steps; both 200 drift evaluations), beside
 * score-sde on the same target with the same training budget (reverse SDE and probability-flow ODE, also 200).
 */
final class InterpolantBenchmark {

  /** One bridge: generate {@code target} from {@code rho0}. */
  record Problem(String name, String target, String rho0) {}

  /** The training budget and sample sizes shared by every cell. */
  record Budget(int steps, int batch, double lr, String hidden, int sampleN, int referenceN, int sinkhornN,
      int likelihoodN, int likelihoodPaths) {}

  /**
   * One sampled cell. The sample metrics are the run metrics' ({@code Evaluation}): Sinkhorn on points standardised
   * by the reference, the multi-scale MMD^2 with its jackknife standard error, and beside each its noise floor, the
   * same metric of an independent exact draw of the same size against the same reference (and kernel).
   */
  record Cell(String problem, String method, String interpolant, String loss, double eps, long seed,
      double sinkhorn, double sinkhornFloor, double mmd, double mmdSe, double mmdFloor, OptionalDouble logLikelihood,
      OptionalDouble logLikelihoodTrue, long nfe, double trainSeconds) {}

  /** Loaded once, on first use (the table alone needs no plugins). */
  private static final class Registry {
    static final PluginRegistry INSTANCE = PluginRegistry.load();
  }

  /** One per benchmark object, and one benchmark object per concurrent job. */
  private final RunAssembler assembler = new RunAssembler(Registry.INSTANCE);
  private final Budget budget;
  private final List<String> extraKeys;
  private final PrintWriter log;

  /** @param extraKeys {@code key=value} assignments added to every run (after the budget's, so they win) */
  InterpolantBenchmark(Budget budget, List<String> extraKeys, PrintWriter log) {
    this.budget = budget;
    this.extraKeys = List.copyOf(extraKeys);
    this.log = log;
  }

  private List<String> trainKeys(long seed) {
    List<String> keys = new ArrayList<>(List.of("seed=" + seed, "train.steps=" + budget.steps(),
        "train.batch=" + budget.batch(), "train.lr=" + budget.lr(), "train.schedule=cosine", "train.ema=0.99",
        "model.hidden=" + budget.hidden(), "sample.n=" + budget.sampleN()));
    keys.addAll(extraKeys);
    return keys;
  }

  /**
   * The config keys of a loss written {@code NAME} or {@code NAME;key=value;...} (the keys under the loss role),
   * e.g. {@code velocity-score;noise=denoiser}.
   */
  static List<String> lossKeys(String spec) {
    String[] parts = spec.split(";");
    List<String> keys = new ArrayList<>(List.of("loss=" + parts[0].trim()));
    for (int i = 1; i < parts.length; i++) {
      String kv = parts[i].trim();
      if (kv.indexOf('=') <= 0) {
        throw new IllegalArgumentException("invalid loss '" + spec + "': expected NAME;key=value;..., e.g."
            + " velocity-score;noise=denoiser");
      }
      keys.add("loss." + kv);
    }
    return keys;
  }

  /**
   * Trains one interpolant cell and samples it at every eps; a combination the method refuses (a score loss with
   * gamma = 0, a one-sided interpolant from data, an SDE without a score) is reported as skipped.
   *
   * @param spec {@code interpolant:gamma}, e.g. {@code linear:sqrt}
   */
  List<Cell> interpolant(Problem p, String spec, String loss, long seed, List<Double> epsilons, List<String> skips) {
    String[] ig = spec.split(":");
    List<String> keys = new ArrayList<>(List.of("method=interpolant", "target=" + p.target(),
        "method.rho0=" + p.rho0(), "interpolant=" + ig[0], "interpolant.gamma=" + ig[1], "method.likelihood=none"));
    keys.addAll(lossKeys(loss));
    keys.addAll(trainKeys(seed));
    AssembledRun trained;
    try {
      trained = assembler.assemble(RunConfig.of("bench", Map.of()).with(keys));
    } catch (ConfigException e) {
      skips.add(p.name() + " " + spec + " " + loss + ": " + e.getMessage());
      return List.of();
    }
    double seconds = train(trained, seed);
    INDArray parameters = ((LearnableDriftModel) trained.components().model()).parameters();
    List<Cell> out = new ArrayList<>();
    for (double eps : epsilons) {
      List<String> at = new ArrayList<>(keys);
      at.addAll(eps == 0 ? List.of("integrator=heun", "integrator.steps=100")
          : List.of("integrator=euler-maruyama", "integrator.steps=200", "method.epsilon=" + eps));
      AssembledRun run;
      try {
        run = assembler.assemble(RunConfig.of("bench", Map.of()).with(at));
      } catch (ConfigException e) {
        skips.add(p.name() + " " + spec + " " + loss + " eps " + eps + ": " + e.getMessage());
        continue;
      }
      ((LearnableDriftModel) run.components().model()).setParameters(parameters);
      out.add(measure(p, run, "interpolant", spec, loss, eps, seed, seconds));
    }
    return out;
  }

  /** score-sde (vp, dsm, mlp) on the problem's target with the same budget: reverse SDE and probability-flow ODE. */
  List<Cell> scoreSde(Problem p, long seed) {
    List<String> keys = new ArrayList<>(List.of("method=score-sde", "target=" + p.target()));
    keys.addAll(trainKeys(seed));
    AssembledRun trained = assembler.assemble(RunConfig.of("bench", Map.of()).with(keys));
    double seconds = train(trained, seed);
    INDArray parameters = ((LearnableDriftModel) trained.components().model()).parameters();
    List<Cell> out = new ArrayList<>();
    for (String[] sampler : new String[][] {{"integrator=euler-maruyama", "integrator.steps=200", "1"},
        {"integrator=heun", "integrator.steps=100", "0"}}) {
      List<String> at = new ArrayList<>(keys);
      at.addAll(List.of(sampler[0], sampler[1]));
      AssembledRun run = assembler.assemble(RunConfig.of("bench", Map.of()).with(at));
      ((LearnableDriftModel) run.components().model()).setParameters(parameters);
      out.add(measure(p, run, "score-sde", "vp", "dsm", Double.parseDouble(sampler[2]), seed, seconds));
    }
    return out;
  }

  private double train(AssembledRun run, long seed) {
    TrainResult result = new Trainer(run.train()).withProgress(TrainingProgress.NONE)
        .train(run.method(), run.components(), new RandomSource(seed).split("train"), null, false);
    if (result.diverged()) {
      throw new IllegalStateException(result.message());
    }
    return result.seconds();
  }

  private Cell measure(Problem p, AssembledRun run, String method, String spec, String loss, double eps, long seed,
      double trainSeconds) {
    RandomSource random = new RandomSource(seed);
    Method.Sample s = run.method().sample(run.components(), budget.sampleN(), random.split("sample"),
        StepObserver.NONE);
    Target target = run.components().target();
    INDArray reference = target.sample(budget.referenceN(), random.split("bench-reference"));
    // the noise floors: an independent floorDraw draw of the sample's size, measured as the sample is
    INDArray floorDraw = target.sample(budget.sampleN(), random.split("bench-floor"));
    INDArray sref = head(reference, budget.sinkhornN());
    INDArray stdRef = Sinkhorn.standardiseBy(sref, sref);
    double sinkhorn = Sinkhorn.divergence(Sinkhorn.standardiseBy(sref, head(s.samples(), budget.sinkhornN())),
        stdRef, SINKHORN_EPS);
    double sinkhornFloor = Sinkhorn.divergence(Sinkhorn.standardiseBy(sref, head(floorDraw, budget.sinkhornN())),
        stdRef, SINKHORN_EPS);
    Mmd.Kernel kernel = Mmd.Kernel.multiScale(reference);
    Mmd.Estimate mmd = Mmd.estimate(head(s.samples(), budget.referenceN()), reference, kernel);
    double mmdFloor = Mmd.estimate(head(floorDraw, budget.referenceN()), reference, kernel).value();
    OptionalDouble ll = OptionalDouble.empty();
    OptionalDouble truth = OptionalDouble.empty();
    if (run.method() instanceof InterpolantMethod im && budget.likelihoodN() > 0) {
      INDArray points = target.sample(budget.likelihoodN(), random.split("bench-likelihood-points"));
      double[] est = im.logLikelihood(run.components(), points, random.split("bench-likelihood"));
      ll = OptionalDouble.of(mean(est));
      if (target.hasLogDensity() && target.logNormalizer().isPresent()) {
        double[] exact = io.driftkit.toolkit.Rows.values(target.logDensity(points));
        truth = OptionalDouble.of(mean(exact) - target.logNormalizer().getAsDouble());
      }
    }
    Cell cell = new Cell(p.name(), method, spec, loss, eps, seed, sinkhorn, sinkhornFloor, mmd.value(),
        mmd.standardError(), mmdFloor, ll, truth, s.functionEvaluations(), trainSeconds);
    log.printf(Locale.ROOT, "%s %s %s %s eps %s seed %d: sinkhorn %.4f (floor %.4f), mmd^2 %.2e +- %.1e (floor %.1e),"
        + " log-lik %s, train %.1f s%n", p.name(), method, spec, loss, eps, seed, sinkhorn, sinkhornFloor,
        mmd.value(), mmd.standardError(), mmdFloor, ll.isPresent()
            ? String.format(Locale.ROOT, "%.3f", ll.getAsDouble()) : "-", trainSeconds);
    log.flush();
    return cell;
  }

  /** The entropic regularisation of the Sinkhorn divergence on standardised points (the run metrics' default). */
  static final double SINKHORN_EPS = 0.05;

  private static INDArray head(INDArray x, int n) {
    return x.size(0) <= n ? x : x.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /**
   * The Markdown table, one row per (problem, method, interpolant, loss, eps): mean ± sd over seeds, and the noise
   * floors (exact samples of the same size, mean over seeds) beside Sinkhorn and MMD^2.
   */
  static String table(List<Cell> cells) {
    Map<String, List<Cell>> groups = new LinkedHashMap<>();
    for (Cell c : cells) {
      groups.computeIfAbsent(c.problem() + "|" + c.method() + "|" + c.interpolant() + "|" + c.loss() + "|" + c.eps(),
          k -> new ArrayList<>()).add(c);
    }
    StringBuilder md = new StringBuilder("| problem | method | interpolant:gamma | loss | eps | seeds | Sinkhorn |"
        + " floor | MMD^2 x 1e3 | floor | log-lik | exact | NFE | train s |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (List<Cell> g : groups.values()) {
      Cell f = g.get(0);
      double[] ll = g.stream().filter(c -> c.logLikelihood().isPresent())
          .mapToDouble(c -> c.logLikelihood().getAsDouble()).toArray();
      double[] truth = g.stream().filter(c -> c.logLikelihoodTrue().isPresent())
          .mapToDouble(c -> c.logLikelihoodTrue().getAsDouble()).toArray();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s | %.3f | %s | %.3f | %s | %s | %d |"
          + " %.0f |%n", f.problem(), f.method(), f.interpolant(), f.loss(), f.method().equals("score-sde")
              ? (f.eps() == 0 ? "ODE" : "SDE") : fmt(f.eps()), g.size(),
          ControlBenchmark.meanSd(g.stream().mapToDouble(Cell::sinkhorn).toArray()),
          ControlBenchmark.mean(g.stream().mapToDouble(Cell::sinkhornFloor).toArray()),
          ControlBenchmark.meanSd(g.stream().mapToDouble(c -> 1e3 * c.mmd()).toArray()),
          ControlBenchmark.mean(g.stream().mapToDouble(c -> 1e3 * c.mmdFloor()).toArray()),
          ll.length == 0 ? "-" : ControlBenchmark.meanSd(ll), truth.length == 0 ? "-"
              : String.format(Locale.ROOT, "%.3f", ControlBenchmark.mean(truth)), f.nfe(),
          ControlBenchmark.mean(g.stream().mapToDouble(Cell::trainSeconds).toArray())));
    }
    return md.toString();
  }

  /** Per problem: the best row by mean Sinkhorn, by mean MMD^2 and by mean log-likelihood. */
  static String winners(List<Cell> cells) {
    StringBuilder out = new StringBuilder();
    for (String problem : cells.stream().map(Cell::problem).distinct().toList()) {
      Map<String, double[]> rows = new LinkedHashMap<>();
      for (Cell c : cells) {
        if (!c.problem().equals(problem)) {
          continue;
        }
        String key = c.method() + " " + c.interpolant() + " " + c.loss() + " eps " + fmt(c.eps());
        double[] acc = rows.computeIfAbsent(key, k -> new double[5]);
        acc[0] += c.sinkhorn();
        acc[1] += c.mmd();
        acc[2] += c.logLikelihood().orElse(Double.NaN);
        acc[3]++;
      }
      out.append("- ").append(problem).append(": best Sinkhorn ").append(best(rows, 0, false))
          .append("; best MMD^2 ").append(best(rows, 1, false)).append("; best log-likelihood ")
          .append(best(rows, 2, true)).append('\n');
    }
    return out.toString();
  }

  private static String best(Map<String, double[]> rows, int column, boolean larger) {
    String bestKey = null;
    double bestValue = Double.NaN;
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      double v = e.getValue()[column] / e.getValue()[3];
      if (Double.isNaN(v)) {
        continue;
      }
      if (bestKey == null || (larger ? v > bestValue : v < bestValue)) {
        bestKey = e.getKey();
        bestValue = v;
      }
    }
    return bestKey == null ? "-" : String.format(Locale.ROOT, "%s (%.4f)", bestKey, bestValue);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
