package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Method {@code interpolant} through the real pipeline with the exact oracle: assembled by name from every plugin,
 * sampled by ODE, forward SDE and backward SDE, with its likelihood metrics against the exact log density.
 */
class InterpolantRunTest {

  @TempDir
  Path dir;

  private Map<String, Object> run(String name, String... assignments) {
    return PipelineRuns.run(dir, name, assignments);
  }

  /**
   * The 3 x 3 grid from N(0, I) with the exact fields: every mode covered, 99 % of the samples on a mode as for exact
   * samples (binomial sd 0.0045 at n = 500: 0.97 is 4.5 of them), MMD^2 within the noise of exact samples
   * ({@link PipelineRuns#mmdExcess}), and the ODE's log-likelihood equal to the exact log density to 0.01
   * nats (RK4, 50 steps; 50 points).
   */
  @Test
  void oracleOdeFromTheNormalReproducesTheGridAndItsLikelihood() throws Exception {
    Map<String, Object> m = run("ode", "method=interpolant", "target=gmm-grid", "model=oracle-interpolant",
        "train.steps=0", "integrator=rk4", "integrator.steps=50", "sample.n=500", "sample.reference-n=1000",
        "sample.sinkhorn-n=0", "method.likelihood-n=50", "output.plot=false");
    assertThat(m).containsEntry("status", "ok");
    System.out.println("interpolant oracle ODE on gmm-grid: " + m);
    assertThat(m.get("modes_covered")).isEqualTo(m.get("modes"));
    assertThat(((Number) m.get("on_mode")).doubleValue()).isGreaterThan(0.97);
    assertThat(PipelineRuns.mmdExcess(m)).isLessThan(5);
    assertThat((double) m.get("log_likelihood")).isCloseTo((double) m.get("log_likelihood_true"), within(0.01));
    assertThat(Files.readString(dir.resolve("ode/run.properties"))).contains("interpolant = linear")
        .contains("interpolant.gamma = sqrt").contains("method.rho0 = normal");
  }

  /**
   * A data-to-data bridge between two mixtures (blob to the grid) with the exact fields: the forward SDE
   * (eps = 1, sine schedule) reaches the grid, and the backward SDE from the grid reaches the blob, both within the
   * MMD noise; their SDE likelihoods (16 paths) are within 0.1 nats of the exact mean log density (Euler–Maruyama at
   * 200 steps; the estimator's own accuracy is pinned down on Gaussians in GaussianLikelihoodTest).
   */
  @Test
  void oracleSdesBridgeTwoMixturesForwardsAndBackwards() {
    Map<String, Object> fwd = run("fwd", "method=interpolant", "target=gmm-grid", "method.rho0=blob",
        "model=oracle-interpolant", "train.steps=0", "integrator=euler-maruyama", "integrator.steps=200",
        "method.epsilon=1", "method.epsilon-schedule=sine", "sample.n=500", "sample.reference-n=1000",
        "sample.sinkhorn-n=0", "method.likelihood-n=50", "output.plot=false");
    System.out.println("interpolant oracle forward SDE blob -> gmm-grid: " + fwd);
    assertThat(fwd.get("modes_covered")).isEqualTo(fwd.get("modes"));
    assertThat(((Number) fwd.get("on_mode")).doubleValue()).isGreaterThan(0.97);
    assertThat(PipelineRuns.mmdExcess(fwd)).isLessThan(5);
    assertThat((double) fwd.get("log_likelihood")).isCloseTo((double) fwd.get("log_likelihood_true"), within(0.1));
    Map<String, Object> back = run("back", "method=interpolant", "target=blob", "method.rho0=target",
        "method.rho1=gmm-grid", "method.direction=backward", "model=oracle-interpolant", "train.steps=0",
        "integrator=euler-maruyama", "integrator.steps=200", "method.epsilon=1", "sample.n=500",
        "sample.reference-n=1000", "sample.sinkhorn-n=0", "method.likelihood-n=50", "output.plot=false");
    System.out.println("interpolant oracle backward SDE gmm-grid -> blob: " + back);
    assertThat(back).containsEntry("backward", 1.0);
    assertThat(PipelineRuns.mmdExcess(back)).isLessThan(5);
    assertThat((double) back.get("log_likelihood")).isCloseTo((double) back.get("log_likelihood_true"),
        within(0.1));
  }

  /**
   * The ODE–SDE gap report (issue 15) of an interpolant run: with the exact fields from N(0, I) to the Gaussian blob
   * the probability-flow ODE and the SDE (gap-epsilon 0.5, Euler and Euler–Maruyama on 200 steps) both carry the
   * start to the blob, so their W2 is at the floor, the W2 between two independent exact sets of 300 (the two sets
   * share their starting points, which pulls them closer, not apart): asserted below 1.3 times it, as for score-sde.
   * Without the report (gap-n = 0) no gap key is written.
   */
  @Test
  void exactFieldsHaveNoOdeSdeGapBeyondSamplingNoise() {
    String[] base = {"method=interpolant", "target=blob", "model=oracle-interpolant", "train.steps=0",
        "integrator=heun", "integrator.steps=50", "sample.n=300", "sample.reference-n=300", "sample.metric-n=300",
        "sample.sinkhorn-n=200", "method.likelihood=none", "method.gap-n=300", "method.gap-steps=200",
        "output.plot=true"};
    Map<String, Object> m = run("gap", base);
    assertThat(m).containsEntry("status", "ok").containsEntry("ode_sde_w2_exact", 1)
        .containsKeys("sde_mmd2", "ode_mmd2", "gap_mmd2_floor", "sde_sinkhorn", "ode_sinkhorn");
    assertThat(((Number) m.get("gap_n")).intValue()).isEqualTo(300);
    double floor = ((Number) m.get("ode_sde_w2_floor")).doubleValue();
    assertThat(floor).isBetween(0.01, 1.0);
    assertThat(((Number) m.get("ode_sde_w2")).doubleValue()).isLessThan(1.3 * floor);
    assertThat(dir.resolve("gap/gap.png")).exists();

    String[] off = java.util.Arrays.copyOf(base, base.length + 1);
    off[base.length] = "method.gap-n=0";
    assertThat(run("off", off)).containsEntry("status", "ok").doesNotContainKeys("ode_sde_w2", "gap_n");
  }
}
