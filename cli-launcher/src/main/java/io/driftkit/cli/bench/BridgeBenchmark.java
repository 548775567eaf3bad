package io.driftkit.cli.bench;

import io.driftkit.core.run.AssembledRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** The cells and the Markdown table of {@code driftkit bench bridge}. */
final class BridgeBenchmark {

  private BridgeBenchmark() {}

  /** One finished run. */
  record Cell(String target, String method, int steps, long seed, double horizon, double logZis, double elbo,
      double ess, double sinkhorn, double trainSeconds, double setupSeconds, double optimiserSteps, double ipfIterations,
      OptionalDouble truth) {}

  static Cell cell(String target, String method, int k, long seed, AssembledRun run, Map<String, Object> m) {
    double horizon = Double.parseDouble(run.effective().getOrDefault("forward.horizon", "NaN"));
    return new Cell(target, method, k, seed, horizon, number(m, "log_z_is"), number(m, "log_z_elbo"),
        number(m, "ess"), number(m, "sinkhorn"), number(m, "train_seconds"),
        number(m, "train_setup_seconds"), number(m, "train_steps"),
        number(m, "ipf_iterations"), run.components().target().logNormalizer());
  }

  private static double number(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static String summary(Cell c) {
    return String.format(Locale.ROOT, "IS %.4f, ELBO %.4f, ESS %.4f, sinkhorn %.4f, train %.0f s, %.0f steps", c.logZis,
        c.elbo, c.ess, c.sinkhorn, c.trainSeconds, c.optimiserSteps);
  }

  /** One row per (target, K, method): mean ± sd over seeds. */
  static String table(List<Cell> cells, Map<String, Double> references) {
    StringBuilder md = new StringBuilder();
    md.append("| target | K | method | horizon | seeds | ln Z (IS) | abs. error | ESS | ELBO | Sinkhorn | train s |"
        + " setup s | opt. steps | IPF it. |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> keys = new ArrayList<>();
    for (Cell c : cells) {
      String key = c.target + "|" + c.steps + "|" + c.method;
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    for (String key : keys) {
      List<Cell> group = cells.stream().filter(c -> (c.target + "|" + c.steps + "|" + c.method).equals(key)).toList();
      Cell first = group.get(0);
      double[] is = group.stream().mapToDouble(Cell::logZis).toArray();
      Double ref = first.truth.isPresent() ? Double.valueOf(first.truth.getAsDouble()) : references.get(first.target);
      String error = ref == null ? "n/a" : String.format(Locale.ROOT, "%.3f",
          java.util.Arrays.stream(is).map(v -> Math.abs(v - ref)).average().orElse(Double.NaN));
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %s | %s | %s | %s | %s | %.0f | %s | %.0f | %s |%n",
          first.target, first.steps, first.method, format(first.horizon), group.size(), ControlBenchmark.meanSd(is),
          error, ControlBenchmark.meanSd(group.stream().mapToDouble(Cell::ess).toArray()),
          ControlBenchmark.meanSd(group.stream().mapToDouble(Cell::elbo).toArray()),
          Double.isNaN(first.sinkhorn) ? "-" : ControlBenchmark.meanSd(group.stream().mapToDouble(Cell::sinkhorn)
              .toArray()),
          ControlBenchmark.mean(group.stream().mapToDouble(Cell::trainSeconds).toArray()),
          Double.isNaN(first.setupSeconds) ? "-" : String.format(Locale.ROOT, "%.0f", ControlBenchmark.mean(
              group.stream().mapToDouble(Cell::setupSeconds).toArray())),
          ControlBenchmark.mean(group.stream().mapToDouble(Cell::optimiserSteps).toArray()),
          Double.isNaN(first.ipfIterations) ? "-" : format(ControlBenchmark.mean(group.stream()
              .mapToDouble(Cell::ipfIterations).toArray()))));
    }
    return md.toString();
  }

  static String failures(List<String> failures) {
    if (failures.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("\nFailed cells (not in the table):\n\n");
    failures.forEach(f -> s.append("- ").append(f).append('\n'));
    return s.toString();
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
