package io.driftkit.deterministic.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Fokker–Planck solver against linear processes whose marginals are known in closed form: a two-mode mixture
 * diffused by alpha(t), sigma(t) (OU with constant coefficients, VP with a time-dependent beta).
 */
class FokkerPlanck1DTest {

  static final GaussianMixture DATA = GaussianMixture.isotropic(new double[] {0.3, 0.7},
      new double[][] {{-2}, {1.5}}, new double[] {0.3, 0.5});

  static double[] densities(GaussianMixture m, double[] xs) {
    double[] lp = Rows.values(m.logDensity(Rows.matrix(xs, xs.length, 1)));
    for (int i = 0; i < lp.length; i++) {
      lp[i] = Math.exp(lp[i]);
    }
    return lp;
  }

  /** Largest score error over points where p_t exceeds 1e-4 of its peak (the bulk a sampler visits). */
  static double maxError(FokkerPlanck1D fp, double t, GaussianMixture exact) {
    double[] pts = new double[241];
    for (int i = 0; i < pts.length; i++) {
      pts[i] = -6 + 12.0 * i / (pts.length - 1);
    }
    double[] got = new double[pts.length];
    fp.score(pts, t, got);
    double[] want = Rows.values(exact.score(Rows.matrix(pts, pts.length, 1)));
    double[] p = densities(exact, pts);
    double peak = java.util.Arrays.stream(p).max().orElseThrow();
    double err = 0;
    for (int i = 0; i < pts.length; i++) {
      if (p[i] > 1e-4 * peak) {
        err = Math.max(err, Math.abs(got[i] - want[i]));
      }
    }
    return err;
  }

  static FokkerPlanck1D ou(int points, int times) {
    return new FokkerPlanck1D((x, t, out) -> {
      for (int i = 0; i < x.length; i++) {
        out[i] = -x[i];
      }
    }, t -> Math.sqrt(2), xs -> densities(DATA, xs), 5.0, Math.sqrt(0.3), 20, points, times, 2);
  }

  /**
   * OU dX = -X dt + sqrt(2) dW: X_t = e^-t X_0 + sqrt(1 - e^-2t) Z. The scores reach 1e-6 (their scale is 4-8) from t
   * = 5e-4 to the horizon, and the error falls by far more than the factor 16 of fourth order when the space and
   * time grids are refined (Richardson's combination cancels the h^4 term): the solver converges to the closed form.
   */
  @Test
  void ornsteinUhlenbeckScoresMatchTheClosedForm() {
    FokkerPlanck1D coarse = ou(301, 201);
    FokkerPlanck1D fine = ou(601, 401);
    double worstCoarse = 0;
    double worstFine = 0;
    for (double t : new double[] {5e-4, 0.01, 0.1, 0.5, 1, 2.5, 5}) {
      GaussianMixture exact = DATA.diffuse(Math.exp(-t), Math.sqrt(-Math.expm1(-2 * t)));
      worstCoarse = Math.max(worstCoarse, maxError(coarse, t, exact));
      double e = maxError(fine, t, exact);
      assertThat(e).as("score error at t = %s", t).isLessThan(1e-6);
      worstFine = Math.max(worstFine, e);
    }
    assertThat(worstCoarse / worstFine).as("refinement (errors %s, %s)", worstCoarse, worstFine).isGreaterThan(16);
  }

  /** VP with beta(t) = 0.1 + 19.9 t on [0, 1]: time-dependent coefficients, alpha = exp(-B/2), sigma^2 = 1 - alpha^2. */
  @Test
  void variancePreservingScoresMatchTheClosedForm() {
    DoubleUnaryOperator beta = t -> 0.1 + 19.9 * t;
    FokkerPlanck1D fp = new FokkerPlanck1D((x, t, out) -> {
      double b = beta.applyAsDouble(t);
      for (int i = 0; i < x.length; i++) {
        out[i] = -0.5 * b * x[i];
      }
    }, t -> Math.sqrt(beta.applyAsDouble(t)), xs -> densities(DATA, xs), 1.0, Math.sqrt(0.3), 12, 601, 401, 2);
    for (double t : new double[] {1e-3, 0.05, 0.2, 0.5, 1}) {
      double integral = 0.1 * t + 0.5 * 19.9 * t * t;
      double alpha = Math.exp(-0.5 * integral);
      GaussianMixture exact = DATA.diffuse(alpha, Math.sqrt(-Math.expm1(-integral)));
      assertThat(maxError(fp, t, exact)).as("score error at t = %s", t).isLessThan(1e-6);
    }
  }
}
