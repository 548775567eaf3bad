package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short learnt runs (mlp 64x64, 300 Adam steps, batch 256, loss velocity-score) through the pipeline, against exact
 * samples and exact log densities. The bounds leave room over what these seeds measured (in brackets) and sit far
 * below the untrained model; longer budgets are in {@code driftkit bench interpolants}.
 */
class InterpolantLearnedTest {

  @TempDir
  Path dir;

  private Map<String, Object> run(String name, String... assignments) {
    List<String> all = new ArrayList<>(List.of("method=interpolant", "train.steps=300", "train.batch=256",
        "train.lr=3e-3", "sample.n=500", "sample.reference-n=1000", "method.likelihood-n=100", "output.plot=false",
        "seed=1"));
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

  /**
   * gmm-grid from N(0, I). At this budget (mlp 64x64, 300 steps) the learnt law is visibly off at the resolution of
   * the run's multi-scale MMD^2 [0.0105, about 9 standard errors above the noise floor of exact samples] and its
   * modes are too wide [on_mode 0.34 where exact samples give 0.99]: the bounds below (about twice the measured gap)
   * catch a regression and training that does not work (MMD^2 and Sinkhorn at least 3 times below the untrained
   * model's); how close a longer training gets is measured by {@code driftkit bench interpolants}, not here.
   */
  @Test
  void learnsTheGridFromTheNormal() {
    Map<String, Object> m = run("grid", "target=gmm-grid", "method.likelihood=none");
    assertThat(num(m, "mmd2")).isLessThan(0.02);
    assertThat(num(m, "sinkhorn")).isLessThan(0.25);
    assertThat(num(m, "on_mode")).isGreaterThan(0.25);
    // samples spread over the nine modes [0.98; 1 is even], where the untrained model's sit on the middle one [0]
    assertThat(num(m, "mode_entropy")).isGreaterThan(0.9);
    Map<String, Object> untrained = run("untrained", "target=gmm-grid", "train.steps=0", "method.likelihood=none");
    assertThat(num(untrained, "mmd2")).isGreaterThan(3 * num(m, "mmd2"));
    assertThat(num(untrained, "sinkhorn")).isGreaterThan(3 * num(m, "sinkhorn"));
  }

  /**
   * A data-to-data bridge between two mixtures, gmm-25 to gmm-grid (x0 from a non-Gaussian law, so v and s are both
   * learnt): the ODE and the SDE (eps = 0.5) reach the grid about as well as the one-sided problem above, MMD^2
   * below 0.02 [ODE 0.0102, SDE 0.0103], Sinkhorn below 0.3 [0.17, 0.15; exact samples 0.039], on_mode above 0.3
   * [0.43, 0.49], mode entropy above 0.9 [0.99, 0.97].
   */
  @Test
  void bridgesTwoMixturesWithTheOdeAndTheSde() {
    Map<String, Object> ode = run("d2d-ode", "target=gmm-grid", "method.rho0=gmm-25", "method.likelihood=none");
    assertThat(num(ode, "mmd2")).isLessThan(0.02);
    assertThat(num(ode, "sinkhorn")).isLessThan(0.3);
    assertThat(num(ode, "on_mode")).isGreaterThan(0.3);
    assertThat(num(ode, "mode_entropy")).isGreaterThan(0.9);
    Map<String, Object> sde = run("d2d-sde", "target=gmm-grid", "method.rho0=gmm-25", "method.epsilon=0.5",
        "integrator=euler-maruyama", "integrator.steps=200", "method.likelihood=none");
    assertThat(num(sde, "mmd2")).isLessThan(0.02);
    assertThat(num(sde, "sinkhorn")).isLessThan(0.3);
    assertThat(num(sde, "on_mode")).isGreaterThan(0.3);
    assertThat(num(sde, "mode_entropy")).isGreaterThan(0.9);
  }

  /**
   * The checkerboard (exact log density -log 32 = -3.466 at every sample): the ODE model's estimated log-likelihood
   * at 100 exact samples is within 1 nat of it [0.80 below] and, as Gibbs' inequality demands of any model, not
   * above it by more than 3 standard errors.
   */
  @Test
  void checkerboardLikelihoodIsCloseToTheExactValue() {
    Map<String, Object> m = run("checkerboard", "target=checkerboard");
    double exact = num(m, "log_likelihood_true");
    assertThat(exact).isCloseTo(-Math.log(32), org.assertj.core.api.Assertions.within(1e-12));
    double estimate = num(m, "log_likelihood");
    assertThat(estimate).isGreaterThan(exact - 1).isLessThan(exact + 3 * num(m, "log_likelihood_se"));
  }
}
