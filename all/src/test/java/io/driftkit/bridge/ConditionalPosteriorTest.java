package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.PathWeights;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditional posterior of x ~ N(0, 1) given y = x + N(0, 1): the bridge from the prior N(0, 1) to the
 * unnormalised posterior must sample N(y/2, 1/2) and estimate log Z = log p(y) = log N(y; 0, 2).
 */
class ConditionalPosteriorTest {

  private static final double Y = 1.5;

  @TempDir
  Path dir;

  @Test
  void testTargetIsThePriorTimesTheLikelihood() {
    Target t = BridgeRuns.Posterior.posterior(Y);
    double[] x = {-1, 0.2, 2};
    double[] got = Rows.values(t.logDensity(Rows.matrix(x, 3, 1)));
    for (int i = 0; i < 3; i++) {
      double expected = -0.5 * x[i] * x[i] - 0.5 * (Y - x[i]) * (Y - x[i]) - Math.log(2 * Math.PI);
      assertThat(got[i]).isCloseTo(expected, within(1e-12));
    }
  }

  /**
   * The closed-form bridge from the prior: weighted samples have the posterior's mean and variance and the weights
   * the evidence, within Monte Carlo error (4 sd: of log Z sqrt((1/ESS - 1)/n), of the weighted mean
   * sqrt(1/2 / (n ESS)), of the weighted variance 1/2 sqrt(2 / (n ESS))); the unweighted samples are off only by the
   * 40-step discretisation (within 0.02 besides the same Monte Carlo error).
   */
  @Test
  void closedFormBridgeFromThePriorGivesThePosteriorAndTheEvidence() {
    AssembledRun run = BridgeRuns.assemble("method=dsb", "target=test-posterior", "target.y=" + Y,
        "forward=scaled-bm", "forward.horizon=1", "method.prior-std=1", "model=oracle-bridge", "train.steps=0",
        "method.steps=40");
    int n = 20_000;
    Method.Sample s = run.method().sample(run.components(), n, new RandomSource(3), StepObserver.NONE);
    double[] lw = Rows.values(s.logWeights());
    double[] x = Rows.values(s.samples());
    double ess = PathWeights.normalisedEss(lw);
    double logZ = BridgeRuns.Posterior.logEvidence(Y);
    assertThat(PathWeights.logMeanExp(lw)).isCloseTo(logZ, within(4 * Math.sqrt((1 / ess - 1) / n) + 0.01));
    double max = java.util.Arrays.stream(lw).max().orElseThrow();
    double w = 0;
    double m1 = 0;
    double m2 = 0;
    double u1 = 0;
    double u2 = 0;
    for (int i = 0; i < n; i++) {
      double wi = Math.exp(lw[i] - max);
      w += wi;
      m1 += wi * x[i];
      m2 += wi * x[i] * x[i];
      u1 += x[i] / n;
      u2 += x[i] * x[i] / n;
    }
    double mean = m1 / w;
    double var = m2 / w - mean * mean;
    assertThat(mean).isCloseTo(Y / 2, within(4 * Math.sqrt(0.5 / (n * ess))));
    assertThat(var).isCloseTo(0.5, within(4 * 0.5 * Math.sqrt(2 / (n * ess))));
    assertThat(u1).isCloseTo(Y / 2, within(4 * Math.sqrt(0.5 / n) + 0.02));
    assertThat(u2 - u1 * u1).isCloseTo(0.5, within(4 * 0.5 * Math.sqrt(2.0 / n) + 0.02));
  }

  /**
   * The unnormalised use: the target side is a pool of smc particles, refreshed with the bridge's weighted samples;
   * two IPF iterations with small mlp drifts. log Z within Monte Carlo error (the weights are exact whatever was
   * learned: 4 sd + 0.01), samples within 0.1 of the posterior's mean and variance (the learning's tolerance).
   */
  @Test
  void learnedBridgeFromSmcParticlesGivesThePosteriorAndTheEvidence() {
    Map<String, Object> m = BridgeRuns.run(dir.resolve("smc"), "method=dsb", "target=test-posterior",
        "target.y=" + Y, "forward=scaled-bm", "forward.horizon=1", "method.prior-std=1", "method.reference=smc",
        "method.reference-n=1000", "model=mlp", "model.hidden=16,16", "model.time-features=4",
        "model.max-frequency=8", "method.steps=8", "method.iterations=2", "method.cache-paths=300",
        "method.cache-refresh=50", "method.report-n=0", "train.steps=100", "train.batch=128", "train.lr=5e-3",
        "sample.n=4000", "sample.sinkhorn-n=0", "sample.metric-n=500", "output.plot=false", "seed=4");
    double ess = (Double) m.get("ess");
    assertThat((Double) m.get("log_z_is")).isCloseTo(BridgeRuns.Posterior.logEvidence(Y),
        within(4 * Math.sqrt((1 / ess - 1) / 4000) + 0.01));
    // mean_error = |E[x] - y/2|, second_moment_error = |E[x^2] - (1/2 + y^2/4)|
    assertThat((Double) m.get("mean_error")).isLessThan(0.1);
    assertThat((Double) m.get("second_moment_error")).isLessThan(0.15);
    assertThat(m).containsEntry("ipf_iterations", 2).containsKey("pool_bridge_share");
  }
}
