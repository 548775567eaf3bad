package io.driftkit.control.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.Rows;
import io.driftkit.control.testing.MixtureTarget;
import io.driftkit.control.testing.OracleControl;
import io.driftkit.control.testing.TestProcesses;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * With the exact control, known in closed form for a Gaussian target under a linear reference, the path log
 * weights are constant up to discretisation error: their variance shrinks like 1/K, and the importance-sampling
 * estimate of log Z is exact within its Monte Carlo error. Checked for DIS (exact score of the noised target), PIS
 * (the h-transform of Brownian motion) and DDS (score minus the OU reference score), before any training.
 */
class ExactControlTest {

  private static final double[] MEAN = {1.0, -0.5, 2.0};
  private static final double[] VAR = {0.5, 1.5, 0.8};
  private static final double LOG_Z = 1.3;
  private static final int N = 4000;
  private static final MixtureTarget TARGET = new MixtureTarget(gaussian(), LOG_Z);

  private static GaussianMixture gaussian() {
    double[][] cov = new double[3][3];
    for (int i = 0; i < 3; i++) {
      cov[i][i] = VAR[i];
    }
    return GaussianMixture.of(new double[] {1}, new double[][] {MEAN}, new double[][][] {cov});
  }

  @Test
  void disWithTheExactScore() {
    ForwardProcess vp = TestProcesses.vp(0.1, 20);
    ForwardProcess.LinearMarginals lin = vp.linear().orElseThrow();
    check(k -> {
      TimeGrid grid = TimeGrid.uniform(0, 1, k);
      DriftModel exact = new OracleControl(3, (x, s) -> {
        double t = 1 - s;
        double a = lin.alpha(t);
        double sd = lin.sigma(t);
        return gaussian().diffuse(a, sd).score(x).addi(x.div(a * a + sd * sd));
      });
      return new Case(new PathSampler(Chains.dis(vp, grid, 3), new ControlForm(Chains.disBase(vp, grid), false, 1,
          0, 0), TARGET), exact);
    });
  }

  @Test
  void pisWithTheExactHTransform() {
    double sigma = 1.5;
    double horizon = 1;
    ForwardProcess bm = TestProcesses.constant(0, sigma, horizon, 1);
    check(k -> {
      TimeGrid grid = TimeGrid.uniform(0, horizon, k);
      DriftModel exact = new OracleControl(3, (x, s) -> {
        // grad log h(x, s) for h = E[rho(X_T) / N(X_T; 0, sigma^2 T) | X_s = x], coordinate-wise
        double tau = sigma * sigma * (horizon - s);
        double[] v = Rows.values(x);
        for (int i = 0; i < v.length; i++) {
          int j = i % 3;
          double p = 1 / VAR[j] - 1 / (sigma * sigma * horizon);
          v[i] = (MEAN[j] / VAR[j] - p * v[i]) / (1 + p * tau);
        }
        return Rows.matrix(v, x.size(0), 3);
      });
      return new Case(new PathSampler(Chains.pis(bm, grid), new ControlForm(new double[k], false,
          1 / (sigma * sigma * horizon), 0, 0), TARGET), exact);
    });
  }

  @Test
  void ddsWithTheExactScoreDifference() {
    double theta = 1;
    double horizon = 6;
    ForwardProcess ou = TestProcesses.constant(theta, Math.sqrt(2 * theta), horizon, 1);
    check(k -> {
      TimeGrid grid = TimeGrid.uniform(0, horizon, k);
      DriftModel exact = new OracleControl(3, (x, s) -> {
        double t = horizon - s;
        double a = Math.exp(-theta * t);
        return gaussian().diffuse(a, Math.sqrt(1 - a * a)).score(x).addi(x);
      });
      return new Case(new PathSampler(Chains.dds(ou, grid, 3), new ControlForm(new double[k], false, 1, 0, 0),
          TARGET), exact);
    });
  }

  private record Case(PathSampler sampler, DriftModel control) {}

  /**
   * Var(log w) at K = 200 is below 1/2.5 of its value at K = 50 (first-order schemes give 1/4), and small in
   * absolute terms; the IS estimate is within 4 standard errors of log Z, where the standard error of the log of a
   * mean of weights is sd(w) / (mean(w) sqrt(n)); the ELBO does not exceed log Z by more than 4 sd(log w)/sqrt(n).
   */
  private static void check(IntFunction<Case> build) {
    double[] coarse = logWeights(build.apply(50));
    double[] fine = logWeights(build.apply(200));
    PathSampler.Moments mc = PathSampler.Moments.of(coarse);
    PathSampler.Moments mf = PathSampler.Moments.of(fine);
    assertThat(mf.count()).isEqualTo(N);
    assertThat(mf.variance()).as("Var(log w) at K=200 vs K=50 (%s)", mc.variance())
        .isLessThan(mc.variance() / 2.5).isLessThan(0.05);

    double max = java.util.Arrays.stream(fine).max().orElseThrow();
    double[] w = java.util.Arrays.stream(fine).map(l -> Math.exp(l - max)).toArray();
    double meanW = java.util.Arrays.stream(w).average().orElseThrow();
    double sdW = Math.sqrt(java.util.Arrays.stream(w).map(x -> (x - meanW) * (x - meanW)).sum() / (N - 1));
    double logZis = max + Math.log(meanW);
    assertThat(logZis).isCloseTo(LOG_Z, org.assertj.core.data.Offset.offset(4 * sdW / (meanW * Math.sqrt(N))));
    assertThat(mf.mean()).isLessThanOrEqualTo(LOG_Z + 4 * Math.sqrt(mf.variance() / N));
  }

  private static double[] logWeights(Case c) {
    return c.sampler().simulate(c.control(), N, new RandomSource(21), false, StepObserver.NONE).logWeights();
  }

}
