package io.driftkit.control.path;

import io.driftkit.control.testing.Steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.control.testing.ExactControls;
import io.driftkit.testkit.MixtureTarget;
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
  private static final MixtureTarget TARGET = new MixtureTarget(ExactControls.gaussian(MEAN, VAR), LOG_Z);

  @Test
  void disWithTheExactScore() {
    ForwardProcess vp = TestProcesses.vp(0.1, 20);
    check(k -> {
      TimeGrid grid = TimeGrid.uniform(0, 1, k);
      return new Case(new PathSampler(Chains.dis(vp, grid, 3, Steps.ANCESTRAL), new ControlForm(Chains.disBase(vp, grid), false, 1,
          0, 0), TARGET), ExactControls.dis(vp, MEAN, VAR));
    });
  }

  @Test
  void pisWithTheExactHTransform() {
    double sigma = 1.5;
    double horizon = 1;
    ForwardProcess bm = TestProcesses.constant(0, sigma, horizon, 1);
    check(k -> {
      TimeGrid grid = TimeGrid.uniform(0, horizon, k);
      return new Case(new PathSampler(Chains.pis(bm, grid, Steps.EULER_MARUYAMA), new ControlForm(new double[k], false,
          1 / (sigma * sigma * horizon), 0, 0), TARGET), ExactControls.pis(sigma, horizon, MEAN, VAR));
    });
  }

  @Test
  void ddsWithTheExactScoreDifference() {
    double theta = 1;
    double horizon = 6;
    ForwardProcess ou = TestProcesses.constant(theta, Math.sqrt(2 * theta), horizon, 1);
    check(k -> {
      TimeGrid grid = TimeGrid.uniform(0, horizon, k);
      return new Case(new PathSampler(Chains.dds(ou, grid, 3, Steps.EXPONENTIAL), new ControlForm(new double[k], false, 1, 0, 0),
          TARGET), ExactControls.dds(theta, horizon, MEAN, VAR));
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

    // the EUBO, along reference paths from exact target samples, is an upper bound and tight here
    Case c = build.apply(200);
    double[] up = c.sampler().logWeightsOnReferencePaths(c.control(), TARGET.sample(N, new RandomSource(22)),
        new RandomSource(23));
    PathSampler.Moments mu = PathSampler.Moments.of(up);
    assertThat(mu.mean()).isGreaterThanOrEqualTo(LOG_Z - 4 * Math.sqrt(mu.variance() / N))
        .isLessThan(LOG_Z + 0.05);
  }

  private static double[] logWeights(Case c) {
    return c.sampler().simulate(c.control(), N, new RandomSource(21), false, StepObserver.NONE).logWeights();
  }

}
