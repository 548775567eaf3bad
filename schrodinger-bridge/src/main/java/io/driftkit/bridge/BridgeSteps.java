package io.driftkit.bridge;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.TimeGrid;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The two Gaussian chains of a bridge on a forward-time grid {@code 0 = t_0 < ... < t_K = T} (target side at t = 0,
 * prior side at T), for a linear reference {@code dX = -lambda X dt + g dW} with marginal coefficients alpha, sigma.
 *
 * <p>Forward step k, the exponential integrator of {@code dX = [-lambda X + g^2 u_f] dt + g dW} with u_f held at
 * {@code (X_k, t_k)}: {@code X_{k+1} = a_k X_k + c_k u_f(X_k, t_k) + sqrt(v_k) Z} with
 * {@code a_k = alpha(t_{k+1}) / alpha(t_k)}, {@code v_k = sigma(t_{k+1})^2 - a_k^2 sigma(t_k)^2} (the reference's
 * exact transition when u_f = 0) and {@code c_k = int a(u -> t_{k+1}) g(u)^2 du}.
 *
 * <p>Backward step j = K - 1 - k, the ancestral step of {@code dY = [lambda Y + g^2 u_b] ds + g dW}:
 * {@code X_k = (X_{k+1} + v_k u_b(X_{k+1}, t_{k+1})) / a_k + sqrt(v_k) Z}. Its variance is the forward step's, and
 * with u_b the score of the forward chain's marginal its mean is the exact {@code E[X_k | X_{k+1}]} (Tweedie), at
 * any step size; that is what makes few steps usable.
 */
final class BridgeSteps {

  private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();

  private final double[] times;
  private final double[] a;
  private final double[] c;
  private final double[] v;

  BridgeSteps(ForwardProcess forward, ForwardProcess.LinearMarginals lin, TimeGrid grid) {
    int k = grid.steps();
    this.times = grid.times();
    this.a = new double[k];
    this.c = new double[k];
    this.v = new double[k];
    for (int i = 0; i < k; i++) {
      double t0 = times[i];
      double t1 = times[i + 1];
      double alpha1 = lin.alpha(t1);
      a[i] = alpha1 / lin.alpha(t0);
      double s0 = lin.sigma(t0);
      double s1 = lin.sigma(t1);
      v[i] = s1 * s1 - a[i] * a[i] * s0 * s0;
      c[i] = GAUSS.legendre(8, t0, t1).integrate(u -> alpha1 / lin.alpha(u) * sq(forward.diffusion(u)));
      if (!(v[i] > 0) || !(a[i] > 0) || !Double.isFinite(c[i])) {
        throw new IllegalArgumentException("step " + i + " over [" + t0 + ", " + t1 + "] of the reference has"
            + " factor " + a[i] + " and variance " + v[i] + "; the reference must add noise on every step");
      }
    }
  }

  private static double sq(double x) {
    return x * x;
  }

  /** K. */
  int steps() {
    return a.length;
  }

  /** t_k, k = 0..K. */
  double time(int k) {
    return times[k];
  }

  /** T = t_K. */
  double horizon() {
    return times[times.length - 1];
  }

  /** a_k. */
  double a(int k) {
    return a[k];
  }

  /** c_k. */
  double c(int k) {
    return c[k];
  }

  /** v_k, the variance of forward step k and of the backward step that undoes it. */
  double v(int k) {
    return v[k];
  }

  /** The forward step that backward step j undoes: {@code K - 1 - j}. */
  int forwardIndex(int j) {
    return a.length - 1 - j;
  }

  /** The grid index whose time is closest to {@code t}. */
  int nearest(double t) {
    int best = 0;
    for (int k = 1; k < times.length; k++) {
      if (Math.abs(times[k] - t) < Math.abs(times[best] - t)) {
        best = k;
      }
    }
    return best;
  }
}
