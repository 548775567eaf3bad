package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Each sample metric must detect the errors it claims to see (issue 19), on gmm-grid, gmm-40 and funnel, with exact
 * samples as the reference and at the default pipeline's sizes: 4000 samples (the mode metrics use all), the first
 * 2000 against 2000 reference points for MMD^2, the first 1000 for Sinkhorn (300 on gmm-40, where one solve at
 * 1000 takes about 10 s). The targets are built here from their definitions (core cannot depend on the targets
 * module); gmm-40 reads the shipped means.
 *
 * <p>Errors: modes collapsed to points, modes 2x too wide (standard deviation), one mode missing (its mass spread
 * over the others), one mode shifted by one standard deviation along x0, uniform noise over the plot box; funnel's
 * analogues are named where they are drawn. Exact samples must score at the noise floor, and every claimed error
 * at least {@link #CLEAR} standard errors above it:
 * <ul>
 *   <li>mmd2: z = (value - floor) / sqrt(se^2 + se_floor^2) with the jackknife standard errors, the floor being an
 *       independent exact draw against the same reference and kernel;
 *   <li>sinkhorn, mode_entropy, mode_mean_offset2, mode_cov_error: z against the mean and sd of the metric over
 *       independent exact draws of the same size ({@link #FLOOR_DRAWS}; {@link #SINKHORN_FLOOR_DRAWS} for
 *       Sinkhorn, which is also computed only for the cases it is listed for, one solve taking 0.5-2 s);
 *   <li>on_mode: z = (F - value) / sqrt(F (1 - F) / n), F = 0.99 the chi-square mass inside the radius;
 *   <li>modes_covered: exact samples cover all K modes, a claimed error fewer.
 * </ul>
 * Seeds are fixed, so the numbers (printed as a table) are the same on every run.
 */
class MetricSensitivityTest {

  private static final int N = 4000;
  private static final int MMD_N = 2000;
  private static final int SINKHORN_N = 1000;
  private static final double EPS = 0.05;
  /** How many standard errors above the floor a claimed error must score. */
  private static final double CLEAR = 5;
  /** How far from the floor exact samples may score, in standard errors. */
  private static final double AT_FLOOR = 3.5;
  private static final int FLOOR_DRAWS = 8;
  private static final int SINKHORN_FLOOR_DRAWS = 3;

  enum Metric { MMD2, SINKHORN, ON_MODE, MODES_COVERED, MODE_ENTROPY, MODE_MEAN_OFFSET2, MODE_COV_ERROR }

  /** An error case: how to draw it and which metrics claim to see it. */
  record Case(String name, Function<RandomSource, INDArray> draw, Set<Metric> claims) {}

  @Test
  void gmmGrid() {
    double[][] means = new double[9][];
    for (int c = 0; c < 9; c++) {
      means[c] = new double[] {-5 + 5 * (c / 3), -5 + 5 * (c % 3)};
    }
    GaussianMixture g = equalIsotropic(means, 0.3);
    List<Case> cases = mixtureCases(g, 7.5);
    // Sinkhorn claims nothing here: its floor at n = 1000 is 0.06 +- 0.04, and of the errors only a missing mode
    // reaches about 4 standard errors; computed for the exact, missing and uniform cases to show it
    run("gmm-grid", g, cases, SINKHORN_N, Set.of("exact", "missing", "uniform"), Map.of(
        "collapsed", EnumSet.of(Metric.MMD2, Metric.MODE_COV_ERROR),
        "wide2x", EnumSet.of(Metric.MMD2, Metric.ON_MODE, Metric.MODE_COV_ERROR),
        "missing", EnumSet.of(Metric.MMD2, Metric.MODES_COVERED, Metric.MODE_ENTROPY),
        "shift1w", EnumSet.of(Metric.MODE_MEAN_OFFSET2),
        "uniform", EnumSet.of(Metric.MMD2, Metric.ON_MODE, Metric.MODES_COVERED, Metric.MODE_MEAN_OFFSET2,
            Metric.MODE_COV_ERROR)));
  }

  @Test
  void gmm40() throws IOException {
    Path file = Path.of("..", "targets", "src", "main", "resources", "io", "driftkit", "targets", "data",
        "gmm40_means.csv");
    assertThat(file).as("the shipped gmm-40 means, read relative to the core module").exists();
    List<String> lines = Files.readAllLines(file);
    double[][] means = new double[40][];
    for (int c = 0; c < 40; c++) {
      String[] parts = lines.get(c + 1).split(",");
      means[c] = new double[parts.length];
      for (int q = 0; q < parts.length; q++) {
        means[c][q] = Double.parseDouble(parts[q]);
      }
    }
    assertThat(means[0]).hasSize(50);
    GaussianMixture g = equalIsotropic(means, 1);
    // 100 samples a mode in 50-d: MMD^2 sees errors inside a mode only through the 1/40 of pairs within one
    // (2x too wide: about 5 standard errors, not claimed) and the plug-in covariance error has a floor of 0.8
    // (collapsed modes give 1, about 4 standard errors, not claimed); Sinkhorn at n = 300
    run("gmm-40", g, mixtureCases(g, 45), 300, Set.of("exact", "collapsed", "wide2x", "missing", "shift1w",
        "uniform"), Map.of(
        "collapsed", EnumSet.of(Metric.MMD2),
        "wide2x", EnumSet.of(Metric.ON_MODE, Metric.MODES_COVERED),
        "missing", EnumSet.of(Metric.MODES_COVERED, Metric.MODE_ENTROPY),
        "shift1w", EnumSet.of(Metric.MODE_MEAN_OFFSET2),
        "uniform", EnumSet.of(Metric.MMD2, Metric.SINKHORN, Metric.ON_MODE, Metric.MODES_COVERED)));
  }

  /**
   * Funnel (x0 ~ N(0, 9), x1..x9 | x0 ~ N(0, e^x0)) is no mixture: only MMD^2 applies (Sinkhorn on standardised
   * funnel samples is ruled by the mouth's heavy tails: exact against exact gave 8.7-13 at n = 1000, and uniform
   * noise over the box fell inside that; README). Its errors: x0 too narrow (sd 1, as trained samplers do),
   * x1..x9 collapsed onto the axis, x1..x9 twice too wide, the neck missing (x0 < -3, 16 % of the mass), x1
   * shifted by one conditional sd (e^(x0/2)), uniform noise over x0 in [-9, 9], x1..x9 in [-10, 10].
   */
  @Test
  void funnel() {
    List<Case> cases = new ArrayList<>();
    Set<Metric> mmd = EnumSet.of(Metric.MMD2);
    cases.add(new Case("exact", r -> funnel(r, 3, 1, Double.NEGATIVE_INFINITY, 0), Set.of()));
    cases.add(new Case("narrow-x0", r -> funnel(r, 1, 1, Double.NEGATIVE_INFINITY, 0), mmd));
    cases.add(new Case("collapsed", r -> funnel(r, 3, 0, Double.NEGATIVE_INFINITY, 0), mmd));
    cases.add(new Case("wide2x", r -> funnel(r, 3, 2, Double.NEGATIVE_INFINITY, 0), mmd));
    cases.add(new Case("no-neck", r -> funnel(r, 3, 1, -3, 0), mmd));
    cases.add(new Case("shift1w", r -> funnel(r, 3, 1, Double.NEGATIVE_INFINITY, 1), mmd));
    cases.add(new Case("uniform", r -> uniform(r, 10, new double[] {-9, -10}, new double[] {9, 10}), mmd));
    run("funnel", null, cases, 0, Set.of(), Map.of());
  }

  /** Computes every applicable metric for every case, prints the table and checks the claims. */
  private static void run(String target, GaussianMixture g, List<Case> given, int sinkhornN,
      Set<String> sinkhornCases, Map<String, Set<Metric>> claims) {
    List<Case> cases = new ArrayList<>();
    for (Case c : given) {
      cases.add(new Case(c.name(), c.draw(), claims.getOrDefault(c.name(), c.claims())));
    }
    Function<RandomSource, INDArray> exact = cases.get(0).draw();
    RandomSource random = new RandomSource(19);
    INDArray ref = head(exact.apply(random.split("reference")), MMD_N);
    Mmd.Kernel kernel = Mmd.Kernel.multiScale(ref);
    Mmd.Estimate mmdFloor = Mmd.estimate(head(exact.apply(random.split("floor")), MMD_N), ref, kernel);
    // floors of the metrics that need redraws
    Map<Metric, double[]> floor = new LinkedHashMap<>();
    INDArray sref = null;
    if (sinkhornN > 0) {
      sref = Sinkhorn.standardiseBy(head(ref, sinkhornN), head(ref, sinkhornN));
      double[] s = new double[SINKHORN_FLOOR_DRAWS];
      for (int k = 0; k < s.length; k++) {
        s[k] = sinkhorn(ref, head(exact.apply(random.split("sinkhorn-floor-" + k)), sinkhornN), sref, sinkhornN);
      }
      floor.put(Metric.SINKHORN, s);
    }
    if (g != null) {
      double[][] f = new double[3][FLOOR_DRAWS];
      for (int k = 0; k < FLOOR_DRAWS; k++) {
        ModeCoverage.Report r = ModeCoverage.evaluate(exact.apply(random.split("mode-floor-" + k)), g);
        f[0][k] = r.entropy();
        f[1][k] = r.meanOffset2();
        f[2][k] = r.covarianceError();
      }
      floor.put(Metric.MODE_ENTROPY, f[0]);
      floor.put(Metric.MODE_MEAN_OFFSET2, f[1]);
      floor.put(Metric.MODE_COV_ERROR, f[2]);
    }
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%n%s (n = %d; MMD^2 %d vs %d, kernel %s; Sinkhorn n = %d)%n%-10s %-16s %12s %22s %8s %s%n", target, N,
        MMD_N, MMD_N, kernel, sinkhornN, "case", "metric", "value", "floor", "z", "claimed"));
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      boolean isExact = c.name().equals("exact");
      INDArray x = c.draw().apply(random.split("case-" + c.name()));
      Mmd.Estimate e = Mmd.estimate(head(x, MMD_N), ref, kernel);
      double z = (e.value() - mmdFloor.value())
          / Math.sqrt(e.standardError() * e.standardError() + mmdFloor.standardError() * mmdFloor.standardError());
      row(table, failures, c, Metric.MMD2, e.value(), String.format(Locale.ROOT, "%.2e +- %.1e", mmdFloor.value(),
          e.standardError()), z, isExact);
      if (sinkhornN > 0 && sinkhornCases.contains(c.name())) {
        double s = sinkhorn(ref, head(x, sinkhornN), sref, sinkhornN);
        double[] f = floor.get(Metric.SINKHORN);
        row(table, failures, c, Metric.SINKHORN, s, meanSd(f), (s - mean(f)) / sd(f), isExact);
      }
      if (g != null) {
        ModeCoverage.Report r = ModeCoverage.evaluate(x, g);
        double p = r.expectedOnMode();
        double se = Math.sqrt(p * (1 - p) / N);
        row(table, failures, c, Metric.ON_MODE, r.onMode(), String.format(Locale.ROOT, "%.4f +- %.4f", p, se),
            (p - r.onMode()) / se, isExact);
        // exact samples cover all K; a claimed error must leave at least one mode under half its mass
        boolean allCovered = r.covered() == g.components();
        table.append(String.format(Locale.ROOT, "%-10s %-16s %12d %22s %8s %s%n", c.name(), "modes_covered",
            r.covered(), "of " + g.components(), "", c.claims().contains(Metric.MODES_COVERED) ? "yes" : ""));
        if (isExact ? !allCovered : c.claims().contains(Metric.MODES_COVERED) && allCovered) {
          failures.add(c.name() + " modes_covered " + r.covered());
        }
        double[] values = {r.entropy(), r.meanOffset2(), r.covarianceError()};
        Metric[] metrics = {Metric.MODE_ENTROPY, Metric.MODE_MEAN_OFFSET2, Metric.MODE_COV_ERROR};
        for (int k = 0; k < 3; k++) {
          double[] f = floor.get(metrics[k]);
          // entropy falls with the error, the two others rise
          double zk = (k == 0 ? mean(f) - values[k] : values[k] - mean(f)) / sd(f);
          row(table, failures, c, metrics[k], values[k], meanSd(f), zk, isExact);
        }
      }
    }
    System.out.print(table);
    assertThat(failures).as(table.toString()).isEmpty();
  }

  /** One table row; records a failure if exact samples leave the floor or a claimed error is not clearly above. */
  private static void row(StringBuilder table, List<String> failures, Case c, Metric m, double value, String floor,
      double z, boolean isExact) {
    boolean claimed = c.claims().contains(m);
    table.append(String.format(Locale.ROOT, "%-10s %-16s %12.5g %22s %8.1f %s%n", c.name(),
        m.name().toLowerCase(Locale.ROOT), value, floor, z, claimed ? "yes" : ""));
    if (isExact && !(Math.abs(z) <= AT_FLOOR)) {
      failures.add("exact samples off the floor: " + m + " z = " + z);
    }
    if (claimed && !(z >= CLEAR)) {
      failures.add(c.name() + ": " + m + " only " + z + " standard errors above the floor");
    }
  }

  private static double sinkhorn(INDArray ref, INDArray x, INDArray standardisedRef, int n) {
    return Sinkhorn.divergence(Sinkhorn.standardiseBy(head(ref, n), x), standardisedRef, EPS);
  }

  /** exact, collapsed, wide2x, missing, shift1w, uniform over the box [-box, box]^d of an equal-weight mixture. */
  private static List<Case> mixtureCases(GaussianMixture g, double box) {
    int d = g.dim();
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("exact", r -> mixture(g, r, 1, -1, -1), Set.of()));
    cases.add(new Case("collapsed", r -> mixture(g, r, 0, -1, -1), Set.of()));
    cases.add(new Case("wide2x", r -> mixture(g, r, 2, -1, -1), Set.of()));
    cases.add(new Case("missing", r -> mixture(g, r, 1, 0, -1), Set.of()));
    cases.add(new Case("shift1w", r -> mixture(g, r, 1, -1, 4), Set.of()));
    cases.add(new Case("uniform", r -> uniform(r, d, new double[] {-box}, new double[] {box}), Set.of()));
    return cases;
  }

  /**
   * N samples of an equal-weight isotropic mixture with every sd scaled by {@code scale}, component
   * {@code missing} never drawn, and component {@code shifted} moved by one sd along x0 (-1: none).
   */
  private static INDArray mixture(GaussianMixture g, RandomSource r, double scale, int missing, int shifted) {
    int k = g.components();
    int d = g.dim();
    double[] out = new double[N * d];
    for (int i = 0; i < N; i++) {
      int c;
      do {
        c = r.nextInt(k);
      } while (c == missing);
      double[] mu = g.mean(c);
      double sd = Math.sqrt(g.covariance(c)[0][0]);
      for (int q = 0; q < d; q++) {
        out[i * d + q] = mu[q] + scale * sd * r.nextGaussian() + (c == shifted && q == 0 ? sd : 0);
      }
    }
    return Rows.matrix(out, N, d);
  }

  /**
   * N funnel samples: x0 ~ N(0, sd0^2) restricted to x0 >= minX0, x_i = width e^(x0/2) (Z_i + shift [i = 1]).
   */
  private static INDArray funnel(RandomSource r, double sd0, double width, double minX0, double shift) {
    double[] v = new double[N * 10];
    for (int i = 0; i < N; i++) {
      double x0;
      do {
        x0 = sd0 * r.nextGaussian();
      } while (x0 < minX0);
      v[i * 10] = x0;
      double s = Math.exp(x0 / 2);
      for (int q = 1; q < 10; q++) {
        v[i * 10 + q] = width * s * (r.nextGaussian() + (q == 1 ? shift : 0));
      }
    }
    return Rows.matrix(v, N, 10);
  }

  /** N uniform samples; coordinate q uses bounds [min(q, last)]. */
  private static INDArray uniform(RandomSource r, int d, double[] lo, double[] hi) {
    double[] out = new double[N * d];
    for (int i = 0; i < N; i++) {
      for (int q = 0; q < d; q++) {
        int b = Math.min(q, lo.length - 1);
        out[i * d + q] = lo[b] + (hi[b] - lo[b]) * r.nextDouble();
      }
    }
    return Rows.matrix(out, N, d);
  }

  private static GaussianMixture equalIsotropic(double[][] means, double variance) {
    double[] w = new double[means.length];
    double[] v = new double[means.length];
    java.util.Arrays.fill(w, 1);
    java.util.Arrays.fill(v, variance);
    return GaussianMixture.isotropic(w, means, v);
  }

  private static INDArray head(INDArray x, int n) {
    return x.size(0) <= n ? x : x.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElseThrow();
  }

  private static double sd(double[] v) {
    return LogZTest.sd(v);
  }

  private static String meanSd(double[] v) {
    return String.format(Locale.ROOT, "%.4g +- %.2g", mean(v), sd(v));
  }
}
