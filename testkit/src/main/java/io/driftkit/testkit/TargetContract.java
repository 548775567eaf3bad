package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of a {@link Target}, each part against an oracle independent of the target's own code:
 *
 * <ul>
 *   <li>the gradient against central finite differences in float64;
 *   <li>log Z, where the target declares it: by the trapezoid rule on a box in 1–2 dimensions (the box and the
 *       grid are checked too: the density on its edges and the change from halving the grid must be negligible),
 *       or by importance sampling with its Monte Carlo standard error in more;
 *   <li>the exact sampler's moments against the declared mixture (computed with Commons Math) or the quadrature;
 *   <li>a declared mixture against the log density;
 *   <li>batch shapes ({@code [n, d]} to {@code [n]} and {@code [n, d]}, n = 1, and n = 0 where supported), inputs
 *       left unchanged, rows independent of the rest of the batch, a wrong dimension refused.
 * </ul>
 *
 * A subclass gives the target and, where the defaults do not fit, tolerances, the quadrature box, the test points
 * or an importance-sampling proposal. Checks that do not apply (no log Z, no sampler, no gradient, no density) are
 * reported as skipped with the reason; a target without a gradient or without any density
 * ({@link Target#hasLogDensity()} false: a data set known only by its samples) must refuse to give one.
 */
public abstract class TargetContract {

  /** The target under test (may be built afresh on each call). */
  protected abstract Target target();

  /** Points where gradient and batch checks are made: exact samples where there are, else 0.5 N(0, I). */
  protected INDArray testPoints(int n, RandomSource random) {
    Target t = target();
    return t.hasExactSampler() ? t.sample(n, random) : random.normal(n, t.dim()).muli(0.5);
  }

  /**
   * The allowed |analytic - finite difference| beyond the truncation and rounding estimates, relative to
   * {@code 1 + |gradient|}.
   */
  protected double gradientTolerance() {
    return 1e-7;
  }

  /** Whether the target accepts an empty batch {@code [0, d]}. */
  protected boolean supportsEmptyBatch() {
    return false;
  }

  /** The allowed |log Z by quadrature - declared log Z|. */
  protected double logZTolerance() {
    return 1e-6;
  }

  /**
   * The quadrature box {@code {lo, hi}} in 1–2 dimensions; by default the plot box enlarged twice about its centre.
   * The quadrature checks that the density on its edges is negligible, so a box too small fails rather than passes.
   * Empty skips the quadrature (for densities a uniform grid cannot resolve, such as a funnel).
   */
  protected Optional<double[][]> quadratureBox() {
    PlotBox b = target().plotBox();
    double cx = 0.5 * (b.xMin() + b.xMax());
    double cy = 0.5 * (b.yMin() + b.yMax());
    double wx = b.xMax() - b.xMin();
    double wy = b.yMax() - b.yMin();
    if (target().dim() == 1) {
      return Optional.of(new double[][] {{cx - wx}, {cx + wx}});
    }
    return Optional.of(new double[][] {{cx - wx, cy - wy}, {cx + wx, cy + wy}});
  }

  /** Trapezoid intervals per axis (even). */
  protected int quadratureIntervals() {
    return 400;
  }

  /**
   * A normalised proposal with an exact sampler for importance sampling of log Z in more than two dimensions. The
   * default, for targets with an exact sampler: a Gaussian with the mean and 1.5 times the covariance of 10 000
   * exact samples (wider than the target, so the weights stay bounded). Empty skips the check.
   */
  protected Optional<Target> importanceProposal() {
    Target t = target();
    if (!t.hasExactSampler()) {
      return Optional.empty();
    }
    int d = t.dim();
    int n = 10_000;
    double[] s = Rows.values(t.sample(n, new RandomSource(31).split("proposal")));
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        mean[i] += s[r * d + i] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] += 1.5 * (s[r * d + i] - mean[i]) * (s[r * d + j] - mean[j]) / (n - 1);
        }
      }
    }
    return Optional.of(new MixtureTarget(GaussianMixture.of(new double[] {1}, new double[][] {mean},
        new double[][][] {cov})));
  }

  /** Draws for importance sampling and for the sampler's moments. */
  protected int monteCarloSamples() {
    return 20_000;
  }

  /** First and second moments {@code E[x_i]}, {@code E[x_i x_j]}. */
  public record Moments(double[] mean, double[][] second) {}

  /**
   * The exact moments the sampler is compared with: the declared mixture's, else the quadrature's in 1–2
   * dimensions, else none (the check is skipped; override to give closed-form ones).
   */
  protected Optional<Moments> referenceMoments() {
    Target t = target();
    if (!t.hasLogDensity()) {
      return Optional.empty();
    }
    if (t.mixture().isPresent()) {
      MixtureOracle m = new MixtureOracle(t.mixture().get());
      return Optional.of(new Moments(m.mean(), m.secondMoment()));
    }
    if (t.dim() <= 2 && quadratureBox().isPresent()) {
      GridQuadrature.Result q = checkedQuadrature(t);
      return Optional.of(new Moments(q.mean(), q.second()));
    }
    return Optional.empty();
  }

  @Test
  public void gradientMatchesCentralFiniteDifferences() {
    Target t = target();
    assumeTrue(t.hasGradient(), "the target has no gradient");
    int d = t.dim();
    int points = 3;
    double[] x = Rows.values(testPoints(points, new RandomSource(11).split("gradient")));
    double[] g = Rows.values(t.gradLogDensity(Rows.matrix(x, points, d)));
    double[] f = Rows.values(t.logDensity(Rows.matrix(x, points, d)));
    // every coordinate for d <= 100, else 50 random ones
    RandomSource pick = new RandomSource(13).split("coordinates");
    int[] coords = new int[d <= 100 ? d : 50];
    for (int c = 0; c < coords.length; c++) {
      coords[c] = d <= 100 ? c : pick.nextInt(d);
    }
    int m = coords.length;
    for (int r = 0; r < points; r++) {
      // x +- h e_i and x +- 2h e_i for every checked coordinate, in one batch
      double[] shifted = new double[4 * m * d];
      double[][] span = new double[m][2];
      for (int c = 0; c < m; c++) {
        int i = coords[c];
        double xi = x[r * d + i];
        double h = 1e-5 * Math.max(1, Math.abs(xi));
        for (int k = 0; k < 4; k++) {
          System.arraycopy(x, r * d, shifted, (4 * c + k) * d, d);
        }
        shifted[(4 * c) * d + i] = xi + h;
        shifted[(4 * c + 1) * d + i] = xi - h;
        shifted[(4 * c + 2) * d + i] = xi + 2 * h;
        shifted[(4 * c + 3) * d + i] = xi - 2 * h;
        // the steps actually taken, after rounding x +- h
        span[c][0] = (xi + h) - (xi - h);
        span[c][1] = (xi + 2 * h) - (xi - 2 * h);
      }
      double[] fs = Rows.values(t.logDensity(Rows.matrix(shifted, 4L * m, d)));
      for (int c = 0; c < m; c++) {
        int i = coords[c];
        double fd = (fs[4 * c] - fs[4 * c + 1]) / span[c][0];
        double fd2 = (fs[4 * c + 2] - fs[4 * c + 3]) / span[c][1];
        double analytic = g[r * d + i];
        // fd's truncation error is c h^2 + O(h^4) and fd2's 4 c h^2, so |fd - fd2| is about three times fd's;
        // rounding: f carries a relative error of a few ulps (5e-15 allows ~20), divided by the step
        double truncation = Math.abs(fd - fd2);
        double rounding = 4 * 5e-15 * (1 + Math.abs(f[r])) / span[c][0];
        double tol = truncation + rounding + gradientTolerance() * (1 + Math.abs(analytic));
        assertThat(analytic).as("%s: d/dx%d at point %d (finite differences %s, %s)", t, i, r, fd, fd2)
            .isCloseTo(fd, offset(tol));
      }
    }
  }

  /**
   * A declared closed-form Hessian–vector product against central differences of the target's own gradient along a
   * random direction, with steps h and 2h: their difference estimates the truncation error, and the gradient's
   * rounding (a few ulps) divided by the step bounds the rest.
   */
  @Test
  public void hessianVectorProductMatchesDifferencesOfTheGradient() {
    Target t = target();
    assumeTrue(t.hessianVectorProduct().isPresent(), "the target declares no closed-form Hessian-vector product");
    int d = t.dim();
    int points = 3;
    RandomSource random = new RandomSource(17).split("hessian");
    double[] x = Rows.values(testPoints(points, random.split("points")));
    double[] v = Rows.values(random.split("directions").normal(points, d));
    double[] hv = Rows.values(t.hessianVectorProduct().orElseThrow().apply(Rows.matrix(x, points, d),
        Rows.matrix(v, points, d)));
    for (int r = 0; r < points; r++) {
      double norm = 0;
      double size = 0;
      for (int i = 0; i < d; i++) {
        norm += v[r * d + i] * v[r * d + i];
        size += x[r * d + i] * x[r * d + i];
      }
      norm = Math.sqrt(norm);
      double h = 1e-4 * (1 + Math.sqrt(size / d));
      // x +- h u and x +- 2h u, u = v / |v|
      double[] shifted = new double[4 * d];
      double[] steps = {h, -h, 2 * h, -2 * h};
      for (int k = 0; k < 4; k++) {
        for (int i = 0; i < d; i++) {
          shifted[k * d + i] = x[r * d + i] + steps[k] * v[r * d + i] / norm;
        }
      }
      double[] g = Rows.values(t.gradLogDensity(Rows.matrix(shifted, 4, d)));
      double scale = 0;
      for (double gi : g) {
        scale = Math.max(scale, Math.abs(gi));
      }
      for (int i = 0; i < d; i++) {
        double fd = norm * (g[i] - g[d + i]) / (2 * h);
        double fd2 = norm * (g[2 * d + i] - g[3 * d + i]) / (4 * h);
        double analytic = hv[r * d + i];
        double tol = Math.abs(fd - fd2) + norm * 4 * 5e-15 * (1 + scale) / h
            + gradientTolerance() * (1 + Math.abs(analytic));
        assertThat(analytic).as("%s: (H v)_%d at point %d (finite differences %s, %s)", t, i, r, fd, fd2)
            .isCloseTo(fd, offset(tol));
      }
    }
  }

  /** What a target says it lacks it refuses to give, with an UnsupportedOperationException. */
  @Test
  public void whatTheTargetLacksIsRefused() {
    Target t = target();
    assumeTrue(!t.hasLogDensity() || !t.hasGradient(), "the target has a log density and its gradient");
    INDArray x = testPoints(2, new RandomSource(19).split("lacks"));
    assertThatThrownBy(() -> t.gradLogDensity(x)).isInstanceOf(UnsupportedOperationException.class);
    if (!t.hasLogDensity()) {
      assertThat(t.hasGradient()).as("a target without a density has no gradient").isFalse();
      assertThat(t.logNormalizer()).as("a target without a density declares no log Z").isEmpty();
      assertThatThrownBy(() -> t.logDensity(x)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  public void batchesHaveTheDeclaredShapesAndInputsAreLeftAlone() {
    Target t = target();
    assumeTrue(t.hasLogDensity(), "the target has no log density");
    int d = t.dim();
    for (int n : new int[] {1, 4}) {
      INDArray x = testPoints(n, new RandomSource(12).split("shape"));
      INDArray copy = x.dup();
      INDArray logp = t.logDensity(x);
      assertThat(logp.shape()).as("log density of [%d, %d]", n, d).containsExactly(n);
      assertThat(logp.dataType()).isEqualTo(DataType.DOUBLE);
      if (t.hasGradient()) {
        INDArray grad = t.gradLogDensity(x);
        assertThat(grad.shape()).as("gradient of [%d, %d]", n, d).containsExactly(n, d);
        assertThat(grad.dataType()).isEqualTo(DataType.DOUBLE);
      }
      assertThat(x).as("the input batch is not modified").isEqualTo(copy);
      for (double v : Rows.values(logp)) {
        assertThat(Double.isFinite(v)).as("log density finite at the test points").isTrue();
      }
    }
  }

  /** A batch of no rows gives no values (ND4J's empty arrays do not keep a shape, so only lengths are checked). */
  @Test
  public void anEmptyBatchGivesEmptyResults() {
    assumeTrue(supportsEmptyBatch(), "the target does not declare support for empty batches");
    Target t = target();
    assumeTrue(t.hasLogDensity(), "the target has no log density");
    INDArray x = Nd4j.create(DataType.DOUBLE, 0, t.dim());
    assertThat(t.logDensity(x).length()).isZero();
    if (t.hasGradient()) {
      assertThat(t.gradLogDensity(x).length()).isZero();
    }
  }

  /** Each row's values are the same alone, reversed and mixed with other rows (up to BLAS rounding). */
  @Test
  public void rowsDoNotDependOnTheRestOfTheBatch() {
    Target t = target();
    assumeTrue(t.hasLogDensity(), "the target has no log density");
    int d = t.dim();
    int n = 5;
    double[] x = Rows.values(testPoints(n, new RandomSource(14).split("rows")));
    double[] others = Rows.values(testPoints(n, new RandomSource(15).split("others")));
    double[] logp = Rows.values(t.logDensity(Rows.matrix(x, n, d)));
    double[] grad = t.hasGradient() ? Rows.values(t.gradLogDensity(Rows.matrix(x, n, d))) : null;
    // reversed, and interleaved with other points
    double[] reversed = new double[n * d];
    double[] mixed = new double[2 * n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(x, r * d, reversed, (n - 1 - r) * d, d);
      System.arraycopy(others, r * d, mixed, 2 * r * d, d);
      System.arraycopy(x, r * d, mixed, (2 * r + 1) * d, d);
    }
    double[] logpReversed = Rows.values(t.logDensity(Rows.matrix(reversed, n, d)));
    double[] logpMixed = Rows.values(t.logDensity(Rows.matrix(mixed, 2L * n, d)));
    double[] gradMixed = t.hasGradient() ? Rows.values(t.gradLogDensity(Rows.matrix(mixed, 2L * n, d))) : null;
    for (int r = 0; r < n; r++) {
      double tol = 1e-12 * (1 + Math.abs(logp[r]));
      double alone = t.logDensity(Rows.matrix(java.util.Arrays.copyOfRange(x, r * d, (r + 1) * d), 1, d))
          .getDouble(0);
      assertThat(alone).as("row %d alone", r).isCloseTo(logp[r], offset(tol));
      assertThat(logpReversed[n - 1 - r]).as("row %d reversed", r).isCloseTo(logp[r], offset(tol));
      assertThat(logpMixed[2 * r + 1]).as("row %d among others", r).isCloseTo(logp[r], offset(tol));
      if (grad != null) {
        for (int i = 0; i < d; i++) {
          assertThat(gradMixed[(2 * r + 1) * d + i]).as("gradient row %d among others", r)
              .isCloseTo(grad[r * d + i], offset(1e-11 * (1 + Math.abs(grad[r * d + i]))));
        }
      }
    }
  }

  @Test
  public void aWrongDimensionIsRefused() {
    Target t = target();
    assumeTrue(t.hasLogDensity(), "the target has no log density");
    INDArray wrong = new RandomSource(1).normal(2, t.dim() + 1);
    assertThatThrownBy(() -> t.logDensity(wrong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(t.dim()));
    if (t.hasGradient()) {
      assertThatThrownBy(() -> t.gradLogDensity(wrong)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(t.dim()));
    }
  }

  @Test
  public void samplerIsSeededAndShapedOrAbsent() {
    Target t = target();
    if (!t.hasExactSampler()) {
      assertThatThrownBy(() -> t.sample(3, new RandomSource(3))).isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    INDArray s = t.sample(7, new RandomSource(3));
    assertThat(s.shape()).containsExactly(7, t.dim());
    assertThat(s.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(Rows.values(t.sample(7, new RandomSource(3)))).as("same seed, same samples")
        .containsExactly(Rows.values(s));
    assertThat(Rows.values(t.sample(7, new RandomSource(4)))).as("another seed, other samples")
        .isNotEqualTo(Rows.values(s));
    assertThat(t.sample(1, new RandomSource(5)).shape()).containsExactly(1, t.dim());
  }

  /** log density - log(normalised mixture density) is one constant, log Z where declared (Commons Math oracle). */
  @Test
  public void declaredMixtureIsTheDensity() {
    Target t = target();
    assumeTrue(t.mixture().isPresent(), "the target declares no mixture");
    MixtureOracle oracle = new MixtureOracle(t.mixture().get());
    int n = 20;
    int d = t.dim();
    double[] x = Rows.values(testPoints(n, new RandomSource(16).split("mixture")));
    double[] logp = Rows.values(t.logDensity(Rows.matrix(x, n, d)));
    double expected = t.logNormalizer().orElse(logp[0] - oracle.logDensity(java.util.Arrays.copyOf(x, d)));
    for (int r = 0; r < n; r++) {
      double diff = logp[r] - oracle.logDensity(java.util.Arrays.copyOfRange(x, r * d, (r + 1) * d));
      assertThat(diff).as("log density - log mixture density at point %d", r)
          .isCloseTo(expected, offset(1e-9 * (1 + Math.abs(logp[r]))));
    }
  }

  @Test
  public void logZMatchesQuadratureInOneOrTwoDimensions() {
    Target t = target();
    assumeTrue(t.logNormalizer().isPresent(), "the target declares no log Z");
    assumeTrue(t.dim() <= 2, "quadrature is for d <= 2; importance sampling checks higher dimensions");
    assumeTrue(quadratureBox().isPresent(), "no quadrature box for this target");
    GridQuadrature.Result q = checkedQuadrature(t);
    assertThat(q.logZ()).as("log Z by the trapezoid rule").isCloseTo(t.logNormalizer().getAsDouble(),
        offset(logZTolerance()));
  }

  private GridQuadrature.Result checkedQuadrature(Target t) {
    double[][] box = quadratureBox().orElseThrow();
    GridQuadrature.Result q = GridQuadrature.integrate(t, box[0], box[1], quadratureIntervals());
    assertThat(q.edgeMass()).as("density on the edges of the quadrature box %s .. %s (widen quadratureBox())",
        java.util.Arrays.toString(box[0]), java.util.Arrays.toString(box[1])).isLessThan(0.1 * logZTolerance());
    assertThat(Math.abs(q.logZ() - q.logZHalfGrid())).as("change from halving the grid (raise "
        + "quadratureIntervals())").isLessThan(0.1 * logZTolerance());
    return q;
  }

  /**
   * log Z = log E_q[p~/q] from {@link #monteCarloSamples()} proposal draws. Its standard error by the delta method
   * is sd(w) / (mean(w) sqrt(n)); the estimate must lie within 5 of them (a correct target fails with probability
   * below 1e-6), and the effective sample size must be at least 5% of n, since with fewer the standard error itself
   * is not to be trusted.
   */
  @Test
  public void logZMatchesImportanceSamplingInHigherDimensions() {
    Target t = target();
    assumeTrue(t.logNormalizer().isPresent(), "the target declares no log Z");
    assumeTrue(t.dim() > 2, "d <= 2: quadrature checks log Z");
    Optional<Target> proposal = importanceProposal();
    assumeTrue(proposal.isPresent(), "no importance-sampling proposal for this target");
    Target q = proposal.get();
    int n = monteCarloSamples();
    INDArray x = q.sample(n, new RandomSource(17).split("importance"));
    double[] logw = Rows.values(t.logDensity(x).sub(q.logDensity(x)));
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logw) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double sum2 = 0;
    for (double v : logw) {
      double w = Math.exp(v - max);
      sum += w;
      sum2 += w * w;
    }
    double mean = sum / n;
    double var = sum2 / n - mean * mean;
    double ess = sum * sum / (n * sum2);
    double estimate = max + Math.log(mean);
    double se = Math.sqrt(var / n) / mean;
    assertThat(ess).as("normalised ESS of the proposal (too far from the target for a trustworthy standard error;"
        + " override importanceProposal())").isGreaterThanOrEqualTo(0.05);
    assertThat(estimate).as("log Z by importance sampling (standard error %s)", se)
        .isCloseTo(t.logNormalizer().getAsDouble(), offset(5 * se));
  }

  /**
   * Sample means and second moments against {@link #referenceMoments()}. Standard errors: sqrt(var_i / n) from the
   * exact variance for means, the sample standard deviation of x_i x_j over sqrt(n) for second moments. With m
   * checks each is allowed z standard errors, z the normal quantile of 1 - 0.5e-4 / m, so a correct sampler fails
   * with probability below 1e-4 whatever d is.
   */
  @Test
  public void exactSamplesHaveTheReferenceMoments() {
    Target t = target();
    assumeTrue(t.hasExactSampler(), "the target has no exact sampler");
    Optional<Moments> reference = referenceMoments();
    assumeTrue(reference.isPresent(), "no reference moments (no mixture, d > 2)");
    Moments ref = reference.get();
    int d = t.dim();
    int n = monteCarloSamples();
    double[] s = Rows.values(t.sample(n, new RandomSource(18).split("moments")));
    int checks = d + d * (d + 1) / 2;
    double z = new NormalDistribution().inverseCumulativeProbability(1 - 0.5e-4 / checks);
    for (int i = 0; i < d; i++) {
      double mean = 0;
      for (int r = 0; r < n; r++) {
        mean += s[r * d + i] / n;
      }
      double var = ref.second()[i][i] - ref.mean()[i] * ref.mean()[i];
      assertThat(mean).as("E[x%d]", i).isCloseTo(ref.mean()[i], offset(z * Math.sqrt(var / n)));
      for (int j = i; j < d; j++) {
        double m2 = 0;
        double m4 = 0;
        for (int r = 0; r < n; r++) {
          double p = s[r * d + i] * s[r * d + j];
          m2 += p / n;
          m4 += p * p / n;
        }
        double se = Math.sqrt(Math.max(m4 - m2 * m2, 0) / n);
        assertThat(m2).as("E[x%d x%d]", i, j).isCloseTo(ref.second()[i][j], offset(z * se + 1e-12));
      }
    }
  }
}
