package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learnt runs through the pipeline (mlp 64x64, loss velocity-score, 1000 Adam steps of batch 256 at lr 1e-2 with a
 * cosine decay and EMA 0.99), against exact samples and exact log densities.
 *
 * <p>The budget is what closes the gap to the truth: 300 steps at a constant lr 3e-3 left gmm-grid's MMD^2 at 0.0105,
 * about 9 standard errors above the noise floor, with 34 % of the samples on a mode. Measured on gmm-grid (seed 1,
 * 500 samples): 1000 steps at constant lr 3e-3 gave MMD^2 0.0033 (on_mode 0.81), at constant lr 1e-2 0.0047 (0.93;
 * the last steps' noise stays in the field), with the cosine decay and EMA 0.0009, within 1.2 standard errors of
 * the floor (0.89); 600 steps with the decay 0.0059 (0.60). A wider network (128x128), t-min 1e-2 instead of 1e-3,
 * time features up to frequency 10 instead of 100, quadratic instead of sqrt gamma, the one-sided interpolant and
 * arcsine time sampling changed little or made it worse at 300 steps. Bounds derived from the floors: the MMD^2
 * within 5 standard errors of the floor of exact samples ({@link PipelineRuns#mmdExcess}), and the Sinkhorn
 * divergence within 0.12 of its floor (the floor itself ranges over 0.02-0.12 between draws on gmm-grid). Measured
 * values are in brackets.
 */
class InterpolantLearnedTest {

  @TempDir
  Path dir;

  private Map<String, Object> run(String name, String... assignments) {
    List<String> all = new ArrayList<>(List.of("method=interpolant", "train.steps=1000", "train.batch=256",
        "train.lr=1e-2", "train.schedule=cosine", "train.ema=0.99", "sample.n=500", "sample.reference-n=1000",
        "method.likelihood-n=100", "output.plot=false", "seed=1"));
    all.addAll(List.of(assignments));
    Map<String, Object> m = PipelineRuns.run(dir, name, all.toArray(String[]::new));
    Map<String, Object> shown = new java.util.TreeMap<>(m);
    shown.remove("train_history");
    shown.remove("provenance");
    System.out.println("interpolant " + name + ": " + shown);
    return m;
  }

  private static double num(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  private static void closeToTheTruth(Map<String, Object> m) {
    assertThat(PipelineRuns.mmdExcess(m)).isLessThan(5);
    assertThat(num(m, "sinkhorn")).isLessThan(num(m, "sinkhorn_floor") + 0.12);
  }

  /**
   * gmm-grid from N(0, I) by the ODE: MMD^2 at the floor [excess 1.2 standard errors], Sinkhorn [0.099, floor 0.039].
   * The modes are still a little too wide [on_mode 0.89 where exact samples give 0.99]; the bound asks for 0.8.
   */
  @Test
  void learnsTheGridFromTheNormal() {
    Map<String, Object> m = run("grid", "target=gmm-grid", "method.likelihood=none");
    closeToTheTruth(m);
    assertThat(num(m, "on_mode")).isGreaterThan(0.8);
    // every mode is reached in proportion [0.988]: exact samples give 0.99-1 at this size
    assertThat(num(m, "mode_entropy")).isGreaterThan(0.95);
  }

  /**
   * A data-to-data bridge, circles to the checkerboard (x0 from a non-Gaussian law, so v and s are both learnt), by
   * the SDE with eps = 0.5: MMD^2 at the floor [excess -0.3 standard errors], Sinkhorn [0.039, floor 0.090]. The
   * bridge between two mixtures gmm-25 to gmm-grid is not there at this budget [MMD^2 about 9 standard errors above
   * the floor by the ODE, 7 by the SDE, on_mode 0.46 and 0.51]: mapping 25 modes onto 9 needs a longer training.
   */
  @Test
  void bridgesCirclesToTheCheckerboardWithTheSde() {
    Map<String, Object> sde = run("d2d-sde", "target=checkerboard", "method.rho0=circles", "method.epsilon=0.5",
        "integrator=euler-maruyama", "integrator.steps=200", "method.likelihood=none");
    closeToTheTruth(sde);
  }

  /**
   * The checkerboard (exact log density -log 32 = -3.466 at every sample): the ODE model's estimated log-likelihood
   * at 100 exact samples [-4.03, standard error 0.05] is within 0.8 nats of it, and, as Gibbs' inequality demands of any model, not above it by
   * more than 3 standard errors. The gap is the KL divergence of the model from the truth (plus the points' noise),
   * which a smooth flow cannot close on a density with jumps.
   */
  @Test
  void checkerboardLikelihoodIsCloseToTheExactValue() {
    Map<String, Object> m = run("checkerboard", "target=checkerboard");
    double exact = num(m, "log_likelihood_true");
    assertThat(exact).isCloseTo(-Math.log(32), within(1e-12));
    double estimate = num(m, "log_likelihood");
    assertThat(estimate).isGreaterThan(exact - 0.8).isLessThan(exact + 3 * num(m, "log_likelihood_se"));
  }
}
