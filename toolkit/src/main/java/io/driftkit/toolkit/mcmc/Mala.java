package io.driftkit.toolkit.mcmc;

import io.driftkit.api.RandomSource;

/**
 * The Metropolis-adjusted Langevin step, written once for every sampler that uses it: the proposal
 * {@code y = x + h grad log pi(x) + sqrt(2h) z}, and the Metropolis–Hastings test of any Gaussian proposal
 * {@code y ~ N(a x + c grad log pi(x), v I)} (MALA is {@code a = 1, c = h, v = 2h}; an integrator's Gaussian step
 * kernel gives other a, c, v). Works on row-major {@code [n, d]} arrays, one row per chain.
 */
public final class Mala {

  private Mala() {}

  /**
   * Writes the MALA proposal of row i into {@code y} and returns {@code |z|^2} of the standard normals it drew.
   *
   * @param grad grad log pi at x (row-major, same layout as x)
   */
  public static double propose(double[] x, double[] grad, int i, int d, double h, RandomSource random, double[] y) {
    double root = Math.sqrt(2 * h);
    double zz = 0;
    for (int j = 0; j < d; j++) {
      int k = i * d + j;
      double z = random.nextGaussian();
      zz += z * z;
      y[k] = x[k] + h * grad[k] + root * z;
    }
    return zz;
  }

  /**
   * {@code log[pi(y) q(x | y) / (pi(x) q(y | x))]} for row i with the Gaussian proposal
   * {@code N(a . + c grad log pi(.), v I)}; {@code forwardZz} is {@code |z|^2} of the standard normals that made y,
   * so {@code log q(y | x) = -|z|^2 / 2} up to the constant that cancels.
   *
   * @param gradY grad log pi at y
   */
  public static double logAcceptance(double logPiX, double logPiY, double forwardZz, double[] x, double[] y,
      double[] gradY, int i, int d, double a, double c, double v) {
    double backward = 0;
    for (int j = 0; j < d; j++) {
      int k = i * d + j;
      double r = x[k] - a * y[k] - c * gradY[k];
      backward += r * r;
    }
    return logPiY - logPiX - backward / (2 * v) + forwardZz / 2;
  }

  /**
   * Accepts with probability {@code min(1, exp(logAlpha))}; draws a uniform only when {@code logAlpha < 0}. A NaN
   * (a non-finite density or gradient at the proposal) is rejected.
   */
  public static boolean accept(double logAlpha, RandomSource random) {
    return logAlpha >= 0 || Math.log(random.nextDouble()) < logAlpha;
  }
}
