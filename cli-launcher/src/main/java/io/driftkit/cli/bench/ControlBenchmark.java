package io.driftkit.cli.bench;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.toolkit.Rows;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunSettings;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Runs control-family cells (method x loss x target x seed) from the example configs and summarises log Z
 * estimates beside the published numbers of docs/references.md §9.
 */
final class ControlBenchmark {

  /** Published ln Z by target and method (DDS repository, 30 seeds, K = 256; docs/references.md §9). */
  static final Map<String, Map<String, String>> PUBLISHED = Map.of(
      "funnel", Map.of("dds", "-0.221 ± 0.074", "pis", "-0.301 ± 0.075", "smc", "-0.163 ± 0.064"),
      "logreg-ionosphere", Map.of("dds", "-111.575 ± 0.159", "pis", "-112.950", "smc", "-111.648"),
      "logreg-sonar", Map.of("dds", "-108.889 ± 0.353", "pis", "-108.891", "smc", "-109.257"),
      "lgcp", Map.of("dds", "501.78", "pis", "505.50", "smc", "487.04"));

  /** One finished cell. */
  record Cell(String target, String method, String loss, long seed, int paths, double elbo, double logZis,
      double ess, double trainSeconds, double stepsPerSecond, OptionalDouble truth) {}

  private final PluginRegistry registry;
  private final Path configs;
  private final List<String> overrides;
  private final PrintWriter log;

  ControlBenchmark(PluginRegistry registry, Path configs, List<String> overrides, PrintWriter log) {
    this.registry = registry;
    this.configs = configs;
    this.overrides = overrides;
    this.log = log;
  }

  /** Trains and samples one cell; {@code sampleN} paths for the estimate, or the config's {@code sample.n} if 0. */
  Cell run(String target, String method, String loss, long seed, int sampleN) {
    Path file = configs.resolve(method + "-" + target + ".properties");
    // a method with nothing to train refuses train.* keys, so budget overrides apply to trainable cells only
    List<String> applicable = overrides.stream().filter(o -> !method.equals("smc") || !o.startsWith("train."))
        .toList();
    RunConfig cfg = RunConfig.load(file).with(applicable).with(List.of("seed=" + seed));
    if (loss != null) {
      cfg = cfg.with("loss=" + loss);
    }
    AssembledRun run = new RunAssembler(registry).assemble(cfg);
    RandomSource random = new RandomSource(seed);
    double trainSeconds = 0;
    double rate = Double.NaN;
    if (run.method().trainable(run.components())) {
      TrainResult result = new Trainer(run.train()).withProgress(TrainingProgress.NONE)
          .train(run.method(), run.components(), random.split("train"), null, false);
      if (result.diverged()) {
        throw new IllegalStateException(file + " seed " + seed + ": " + result.message());
      }
      trainSeconds = result.seconds();
      rate = result.stepsDone() / Math.max(1e-9, result.seconds());
    }
    int paths = sampleN > 0 ? sampleN : run.run().get(RunSettings.SAMPLE_N);
    Method.Sample s = run.method().sample(run.components(), paths, random.split("sample"), StepObserver.NONE);
    double[] lw = Rows.values(s.logWeights());
    Cell cell = new Cell(target, method, loss == null ? "-" : loss, seed, paths, LogZ.elbo(lw),
        LogZ.importanceSampling(lw), LogZ.normalisedEss(lw), trainSeconds, rate,
        run.components().target().logNormalizer());
    log.printf(Locale.ROOT, "%s %s %s seed %d: ELBO %.4f, IS %.4f, ESS %.4f, train %.1f s%n", target, method,
        cell.loss(), seed, cell.elbo(), cell.logZis(), cell.ess(), trainSeconds);
    log.flush();
    return cell;
  }

  /** The Markdown table: one row per (target, method, loss), mean ± sd over seeds. */
  static String table(List<Cell> cells, Map<String, Double> references) {
    StringBuilder md = new StringBuilder();
    md.append("| target | method | loss | seeds | paths | ln Z (IS) | ELBO | abs. error | ESS | train s | published |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> keys = new ArrayList<>();
    for (Cell c : cells) {
      String key = c.target() + "|" + c.method() + "|" + c.loss();
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    for (String key : keys) {
      List<Cell> group = cells.stream().filter(c -> (c.target() + "|" + c.method() + "|" + c.loss()).equals(key))
          .toList();
      Cell first = group.get(0);
      double[] is = group.stream().mapToDouble(Cell::logZis).toArray();
      double[] elbo = group.stream().mapToDouble(Cell::elbo).toArray();
      double[] ess = group.stream().mapToDouble(Cell::ess).toArray();
      double[] train = group.stream().mapToDouble(Cell::trainSeconds).toArray();
      Double ref = first.truth().isPresent() ? Double.valueOf(first.truth().getAsDouble())
          : references.get(first.target());
      String error = ref == null ? "n/a" : String.format(Locale.ROOT, "%.3f",
          java.util.Arrays.stream(is).map(v -> Math.abs(v - ref)).average().orElse(Double.NaN));
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s | %s | %.0f | %s |%n",
          first.target(), first.method(), first.loss(), group.size(), first.paths(), meanSd(is), meanSd(elbo), error, meanSd(ess),
          mean(train), PUBLISHED.getOrDefault(first.target(), Map.of()).getOrDefault(first.method(), "")));
    }
    return md.toString();
  }

  static String meanSd(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
    return String.format(Locale.ROOT, "%.3f ± %.3f", m, sd);
  }

  static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  static void write(Path out, String text) throws java.io.IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
