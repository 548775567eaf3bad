package io.driftkit.control.path;

import io.driftkit.control.testing.Steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.control.testing.ExactControls;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.control.testing.TestProcesses;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * On a target far narrower than the reference, the noise-adapted grid leaves the exact control a much smaller
 * discretisation gap {@code log Z - ELBO} (the KL between the discrete path laws) than a uniform grid with the same
 * number of steps, for each of DIS, PIS and DDS; the weights stay exact, so the IS estimate is unbiased on either.
 */
class NoiseAdaptedGridTest {

  private static final double[] MEAN = {1.0, -0.5, 0.3};
  private static final double[] VAR = {0.005, 0.02, 0.1};
  private static final double EPS = 0.01;
  private static final double LOG_Z = -0.7;
  private static final int K = 40;
  private static final int N = 4000;
  private static final MixtureTarget TARGET = new MixtureTarget(ExactControls.gaussian(MEAN, VAR), LOG_Z);

  @Test
  void equalisingGridIsUniformInTheIntegralOfTheRate() {
    // rate 1 / (s + c) integrates to log((s + c) / c) = L(s); with the floor, step k ends where
    // L(s) + FLOOR L(1) s = (1 + FLOOR) L(1) k / 10
    double c = 0.01;
    double whole = Math.log((1 + c) / c);
    TimeGrid grid = NoiseAdaptedGrid.equalising(s -> 1 / (s + c), 0, 1, 10);
    for (int k = 0; k <= 10; k++) {
      double s = grid.time(k);
      assertThat(Math.log((s + c) / c) + NoiseAdaptedGrid.FLOOR * whole * s)
          .isCloseTo((1 + NoiseAdaptedGrid.FLOOR) * whole * k / 10, within(1e-6 * whole * 10));
    }
    assertThat(NoiseAdaptedGrid.equalising(s -> 0, 0, 2, 4).times()).containsExactly(0, 0.5, 1, 1.5, 2);
  }

  @Test
  void dis() {
    ForwardProcess vp = TestProcesses.vp(0.1, 20);
    compare(grid -> new PathSampler(Chains.dis(vp, grid, 3, Steps.ANCESTRAL), new ControlForm(Chains.disBase(vp, grid), false, 1, 0,
        0), TARGET), ExactControls.dis(vp, MEAN, VAR), TimeGrid.uniform(0, 1, K),
        NoiseAdaptedGrid.dis(vp, K, EPS));
  }

  @Test
  void pis() {
    double sigma = 1.5;
    ForwardProcess bm = TestProcesses.constant(0, sigma, 1, 1);
    compare(grid -> new PathSampler(Chains.pis(bm, grid, Steps.EULER_MARUYAMA), new ControlForm(new double[K], false, 1 / (sigma * sigma),
        0, 0), TARGET), ExactControls.pis(sigma, 1, MEAN, VAR), TimeGrid.uniform(0, 1, K),
        NoiseAdaptedGrid.pis(sigma, 1, K, EPS));
  }

  @Test
  void dds() {
    double theta = 1;
    double horizon = 6;
    ForwardProcess ou = TestProcesses.constant(theta, Math.sqrt(2 * theta), horizon, 1);
    compare(grid -> new PathSampler(Chains.dds(ou, grid, 3, Steps.EXPONENTIAL), new ControlForm(new double[K], false, 1, 0, 0),
        TARGET), ExactControls.dds(theta, horizon, MEAN, VAR), TimeGrid.uniform(0, horizon, K),
        NoiseAdaptedGrid.dds(theta, 1, horizon, K, EPS));
  }

  private static void compare(java.util.function.Function<TimeGrid, PathSampler> build, DriftModel exact,
      TimeGrid uniform, TimeGrid adapted) {
    PathSampler.Moments onUniform = moments(build.apply(uniform), exact);
    double[] lw = build.apply(adapted).simulate(exact, N, new RandomSource(31), false, StepObserver.NONE)
        .logWeights();
    PathSampler.Moments onAdapted = PathSampler.Moments.of(lw);
    double gapUniform = LOG_Z - onUniform.mean();
    double gapAdapted = LOG_Z - onAdapted.mean();
    assertThat(gapAdapted).as("KL on the adapted grid vs %s on the uniform one", gapUniform)
        .isLessThan(gapUniform / 2).isGreaterThan(-4 * Math.sqrt(onAdapted.variance() / N));

    double max = Arrays.stream(lw).max().orElseThrow();
    double[] w = Arrays.stream(lw).map(l -> Math.exp(l - max)).toArray();
    double meanW = Arrays.stream(w).average().orElseThrow();
    double sdW = Math.sqrt(Arrays.stream(w).map(x -> (x - meanW) * (x - meanW)).sum() / (N - 1));
    assertThat(max + Math.log(meanW)).isCloseTo(LOG_Z, within(4 * sdW / (meanW * Math.sqrt(N))));
  }

  private static PathSampler.Moments moments(PathSampler sampler, DriftModel exact) {
    return PathSampler.Moments.of(sampler.simulate(exact, N, new RandomSource(31), false, StepObserver.NONE)
        .logWeights());
  }
}
