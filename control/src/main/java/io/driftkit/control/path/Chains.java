package io.driftkit.control.path;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;

/** The discretised chains of DIS, PIS and DDS (REFERENCES.md §3) on a solver-time grid over [0, T]. */
public final class Chains {

  private static final double TOLERANCE = 1e-9;

  private Chains() {}

  /**
   * DIS: the reference runs the linear forward process's exact Gaussian transitions from the target side,
   * {@code Y_j | Y_{j+1} ~ N(kappa_j Y_{j+1}, V_j I)} with {@code kappa_j = alpha(t_j) / alpha(t_{j+1})},
   * {@code V_j = sigma(t_j)^2 - kappa_j^2 sigma(t_{j+1})^2}, {@code t = T - s}. The generative chain discretises the
   * time reversal {@code dY = [lambda Y + g^2 v] ds + g dW} with the exponential-integrator step
   * {@code Y_{j+1} = (Y_j + V_j v) / kappa_j + sqrt(V_j) Z}: its mean is the exact backward mean when the target is
   * Gaussian and v its exact noised score, and its variance the exact backward variance when the forward marginals
   * have unit variance (VP's stationary law). Plain Euler–Maruyama, with g taken at one end of the step, mismatches
   * the reference variance by a factor beta(t_j) / mean(beta) that stays large near t = 0 for VP, and the log
   * weights' variance converges far more slowly.
   */
  public static PathChain dis(ForwardProcess forward, TimeGrid grid, int dim) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow(() -> new ConfigException(
        "method 'dis' needs a linear forward process with closed-form marginals (key 'forward', e.g. vp)"));
    double total = forward.horizon();
    int k = grid.steps();
    double[] a = new double[k];
    double[] c = new double[k];
    double[] std = new double[k];
    double[] kappa = new double[k];
    double[] var = new double[k];
    for (int j = 0; j < k; j++) {
      double t = total - grid.time(j);
      double tNext = Math.max(0, total - grid.time(j + 1));
      kappa[j] = lin.alpha(t) / lin.alpha(tNext);
      double sNext = lin.sigma(tNext);
      var[j] = lin.sigma(t) * lin.sigma(t) - kappa[j] * kappa[j] * sNext * sNext;
      a[j] = 1 / kappa[j];
      c[j] = var[j] / kappa[j];
      std[j] = Math.sqrt(var[j]);
    }
    return new PathChain(grid.times(), a, c, std, kappa, var, true, Double.NaN, forward.prior(dim));
  }

  /**
   * The coefficient of x in DIS's base control, {@code -1 / (alpha(t)^2 v + sigma(t)^2)}: the score of the forward
   * marginals when the target is the process's own stationary law N(0, v I), so an untrained network leaves the
   * prior in place. See {@link #stationaryVariance}.
   */
  public static double[] disBase(ForwardProcess forward, TimeGrid grid) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow();
    double v = stationaryVariance(forward);
    double[] base = new double[grid.steps()];
    for (int j = 0; j < base.length; j++) {
      double t = forward.horizon() - grid.time(j);
      double alpha = lin.alpha(t);
      double sigma = lin.sigma(t);
      base[j] = -1 / (alpha * alpha * v + sigma * sigma);
    }
    return base;
  }

  /**
   * The variance v of the law N(0, v I) that a linear forward process keeps unchanged,
   * {@code sigma(T)^2 / (1 - alpha(T)^2)} (VP, OU: exact at every t); 1 for processes without contraction (VE).
   */
  public static double stationaryVariance(ForwardProcess forward) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow();
    double alpha = lin.alpha(forward.horizon());
    double sigma = lin.sigma(forward.horizon());
    return alpha < 1 - 1e-9 ? sigma * sigma / (1 - alpha * alpha) : 1;
  }

  /**
   * PIS: {@code Y_0 = 0}, {@code Y_{j+1} = Y_j + h sigma^2 v + sigma sqrt(h) Z}; reference: Brownian motion
   * {@code sigma W} from 0, whose marginal at T is {@code N(0, sigma^2 T)}.
   */
  public static PathChain pis(ForwardProcess forward, TimeGrid grid) {
    double sigma = constantDiffusion(forward, grid, "pis", "scaled-bm");
    ForwardProcess.LinearMarginals lin = forward.linear().orElse(null);
    if (lin == null || !constant(grid, lin::driftRate, 0)) {
      throw new ConfigException("method 'pis' needs a driftless Brownian reference (key 'forward' = scaled-bm)");
    }
    int k = grid.steps();
    double[] a = new double[k];
    double[] c = new double[k];
    double[] std = new double[k];
    double[] kappa = new double[k];
    double[] var = new double[k];
    for (int j = 0; j < k; j++) {
      double h = grid.step(j);
      a[j] = 1;
      c[j] = h * sigma * sigma;
      std[j] = sigma * Math.sqrt(h);
      kappa[j] = 1;
      var[j] = sigma * sigma * h;
    }
    double horizon = grid.end() - grid.start();
    return new PathChain(grid.times(), a, c, std, kappa, var, false, sigma * sigma * horizon, null);
  }

  /**
   * DDS: the Ornstein–Uhlenbeck reference {@code dX = -theta X dt + g dW} started in its stationary law
   * {@code N(0, s2)}, {@code s2 = g^2 / (2 theta)}; the generative chain is its exponential integrator,
   * {@code Y_{j+1} = e^{-theta h} Y_j + 2 s2 (1 - e^{-theta h}) v + sqrt(s2 (1 - e^{-2 theta h})) Z}, and the
   * reference kernel is the exact OU transition with the same variance.
   */
  public static PathChain dds(ForwardProcess forward, TimeGrid grid, int dim) {
    double g = constantDiffusion(forward, grid, "dds", "ou");
    ForwardProcess.LinearMarginals lin = forward.linear().orElse(null);
    double theta = lin == null ? Double.NaN : lin.driftRate(grid.start());
    if (lin == null || !(theta > 0) || !constant(grid, lin::driftRate, theta)) {
      throw new ConfigException("method 'dds' needs an Ornstein-Uhlenbeck forward process with a constant"
          + " positive rate (key 'forward' = ou)");
    }
    double s2 = g * g / (2 * theta);
    int k = grid.steps();
    double[] a = new double[k];
    double[] c = new double[k];
    double[] std = new double[k];
    double[] kappa = new double[k];
    double[] var = new double[k];
    for (int j = 0; j < k; j++) {
      double decay = Math.exp(-theta * grid.step(j));
      a[j] = decay;
      c[j] = 2 * s2 * (1 - decay);
      var[j] = s2 * (1 - decay * decay);
      std[j] = Math.sqrt(var[j]);
      kappa[j] = decay;
    }
    return new PathChain(grid.times(), a, c, std, kappa, var, false, s2, new GaussianPrior(dim, s2));
  }

  private static double constantDiffusion(ForwardProcess forward, TimeGrid grid, String method, String expected) {
    double g = forward.diffusion(grid.start());
    if (!(g > 0) || !constant(grid, forward::diffusion, g)) {
      throw new ConfigException("method '" + method + "' needs a forward process with constant diffusion (key"
          + " 'forward' = " + expected + ")");
    }
    return g;
  }

  private static boolean constant(TimeGrid grid, java.util.function.DoubleUnaryOperator f, double value) {
    for (double t : grid.times()) {
      if (Math.abs(f.applyAsDouble(t) - value) > TOLERANCE * (1 + Math.abs(value))) {
        return false;
      }
    }
    return true;
  }
}
