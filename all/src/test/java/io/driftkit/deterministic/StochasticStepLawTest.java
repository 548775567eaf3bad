package io.driftkit.deterministic;

import static io.driftkit.deterministic.GaussianClosedFormTest.T_MIN;
import static io.driftkit.deterministic.GaussianClosedFormTest.V0;
import static io.driftkit.deterministic.GaussianClosedFormTest.VE;
import static io.driftkit.deterministic.GaussianClosedFormTest.VP;
import static io.driftkit.deterministic.GaussianClosedFormTest.k;
import static io.driftkit.deterministic.GaussianClosedFormTest.mu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.Edm;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.forward.LinearForwardProcess;
import io.driftkit.sde.integrate.AncestralStep;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stochastic samplers' step laws on Gaussian data, read off a fixed batch with the noise the observer is shown:
 * each step must be {@code x' = a x + c z} with a and c from the papers, to 1e-10, so the final law is the closed-form
 * product of per-step factors (no Monte Carlo). DDIM with eta = 1 is the DDPM ancestral sampler: its step is the
 * forward process's posterior {@code q(x_t' | x_t, x_0)} at Tweedie's x_0, computed here by Gaussian conditioning.
 */
class StochasticStepLawTest {

  static final OracleScoreModel SCORE_VP = new OracleScoreModel(GaussianMixture.isotropic(new double[] {1},
      new double[][] {{0, 0}}, new double[] {V0}), VP);

  record Observed(double t, double tNext, double[] x, double[] next, double[] z) {}

  static List<Observed> run(Integrator integrator, LinearForwardProcess p, Dynamics dynamics, int steps) {
    INDArray x = Rows.matrix(new double[] {0.3, -1.2, 2.5, 0.7, -0.05, 1.9}, 3, 2);
    List<Observed> seen = new ArrayList<>();
    integrator.integrate(dynamics, x, TimeGrid.uniform(0, p.horizon() - T_MIN, steps), new RandomSource(3),
        (Step s) -> seen.add(new Observed(p.horizon() - s.time(), Math.max(0, p.horizon() - s.time() - s.dt()),
            Rows.values(s.state()), Rows.values(s.next()), s.noise() == null ? null : Rows.values(s.noise()))));
    return seen;
  }

  /** The DDPM posterior of x_t' given x_t and x_0: mean m0 x0 + mt x_t, variance v. */
  static double[] posterior(LinearForwardProcess p, double t, double tNext) {
    double kappa = p.alpha(t) / p.alpha(tNext);
    double s2 = p.sigma(t) * p.sigma(t);
    double s2n = p.sigma(tNext) * p.sigma(tNext);
    // joint: x_t' ~ N(alpha' x0, s2n), x_t = kappa x_t' + N(0, s2 - kappa^2 s2n): condition x_t' on x_t
    double gain = kappa * s2n / s2;
    return new double[] {p.alpha(tNext) - gain * p.alpha(t), gain, s2n * (s2 - kappa * kappa * s2n) / s2};
  }

  @Test
  void ddimWithEtaOneStepsThroughTheForwardPosterior() {
    for (double eta : new double[] {1.0, 0.4}) {
      List<Observed> seen = run(new Ddim(10, eta, StepSchedule.TIME), VP, VP.reverse(SCORE_VP::evaluate, 2, true), 10);
      assertThat(seen).hasSize(10);
      for (Observed o : seen) {
        double[] post = posterior(VP, o.t(), o.tNext());
        double c = eta * Math.sqrt(post[2]);
        // DDIM with eta: alpha' x0 + sqrt(sigma'^2 - c^2) eps + c z; for eta = 1 the mean is the posterior's
        double x0 = mu(VP, o.t());
        double eps = VP.sigma(o.t()) * k(VP, o.t());
        double a = VP.alpha(o.tNext()) * x0 + Math.sqrt(VP.sigma(o.tNext()) * VP.sigma(o.tNext()) - c * c) * eps;
        if (eta == 1) {
          assertThat(a).isCloseTo(post[0] * x0 + post[1], within(1e-12));
        }
        for (int i = 0; i < o.x().length; i++) {
          assertThat(o.next()[i]).isCloseTo(a * o.x()[i] + c * o.z()[i], within(1e-10));
        }
      }
    }
  }

  /**
   * driftkit's 'ancestral' integrator takes Ho et al.'s other variance choice (the forward kernel's, beta): its mean
   * is DDIM eta = 1's exactly, its variance differs by a factor that tends to 1 as the steps shrink (the two
   * samplers share their limit, the reverse SDE).
   */
  @Test
  void ancestralIntegratorHasTheSameMeanAndAVarianceThatConverges() {
    Dynamics sde = VP.reverse(SCORE_VP::evaluate, 2, true);
    double[] worst = new double[2];
    int[] steps = {10, 40};
    for (int run = 0; run < 2; run++) {
      AncestralStep ancestral = new AncestralStep(steps[run], TimeGrid.Spacing.UNIFORM);
      for (Observed o : run(new Ddim(steps[run], 1, StepSchedule.TIME), VP, sde, steps[run])) {
        double s = VP.horizon() - o.t();
        double h = o.t() - o.tNext();
        Integrator.Kernel kernel = ancestral.kernel(sde, s, h);
        double g = sde.diffusion(s);
        double[] post = posterior(VP, o.t(), o.tNext());
        double ddimMean = post[0] * mu(VP, o.t()) + post[1];
        // remainder g^2 score = -g^2 k x
        double ancestralMean = kernel.a() - kernel.c() * g * g * k(VP, o.t());
        assertThat(ancestralMean).isCloseTo(ddimMean, within(1e-12));
        worst[run] = Math.max(worst[run], Math.abs(kernel.variance() / post[2] - 1));
      }
    }
    assertThat(worst[1]).as("variance ratios %s", java.util.Arrays.toString(worst)).isLessThan(worst[0] / 3);
  }

  /**
   * EDM Algorithm 2 on VE: where sigma_i lies in [S_tmin, S_tmax], x^ = x + sqrt(sigma^2 - sigma_i^2) S_noise z with
   * sigma^ = (1 + gamma) sigma_i, gamma = min(S_churn / N, sqrt(2) - 1), then Heun from sigma^ to sigma_{i+1}: in x,
   * {@code x' = H (x + lift z)} with H the Heun factor.
   */
  @Test
  void edmChurnLiftsTheNoiseLevelThenTakesTheHeunStep() {
    int n = 8;
    double churn = 2.0;
    double sMin = 0.05;
    double sMax = 5;
    double sNoise = 1.007;
    OracleScoreModel score = new OracleScoreModel(GaussianMixture.isotropic(new double[] {1},
        new double[][] {{0, 0}}, new double[] {V0}), VE);
    Edm edm = new Edm(n, 0.002, 0, 7, Edm.Solver.HEUN, churn, sMin, sMax, sNoise);
    assertThat(edm.kind()).isEqualTo(Integrator.Kind.SDE);
    List<Observed> seen = run(edm, VE, VE.reverse(score::evaluate, 2, true), n);
    assertThat(seen).hasSize(n);
    int churned = 0;
    for (Observed o : seen) {
      double sigma = VE.sigma(o.t());
      double gamma = sigma >= sMin && sigma <= sMax ? Math.min(churn / n, Math.sqrt(2) - 1) : 0;
      double hat = (1 + gamma) * sigma;
      double next = o.tNext() < 1e-12 ? 0 : VE.sigma(o.tNext());
      double tHat = GaussianClosedFormTest.timeOfNoiseToSignal(VE, hat);
      double d = (1 - mu(VE, tHat)) / hat;
      double heun = 1 + (next - hat) * d;
      if (next > 0) {
        double d2 = heun * (1 - mu(VE, o.tNext())) / next;
        heun = 1 + (next - hat) * 0.5 * (d + d2);
      }
      double lift = Math.sqrt(hat * hat - sigma * sigma) * sNoise;
      if (gamma > 0) {
        churned++;
      }
      for (int i = 0; i < o.x().length; i++) {
        double z = gamma > 0 ? o.z()[i] : 0;
        assertThat(o.next()[i]).as("step at t = %s", o.t()).isCloseTo(heun * (o.x()[i] + lift * z), within(1e-10));
      }
    }
    assertThat(churned).as("steps with churn").isBetween(2, n - 2);
  }
}
