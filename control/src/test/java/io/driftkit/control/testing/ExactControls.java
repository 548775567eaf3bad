package io.driftkit.control.testing;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;

/**
 * The optimal controls of DIS, PIS and DDS in closed form for a Gaussian target N(mean, diag(var)) under their
 * linear references: the oracles against which the chains' discretisation is measured.
 */
public final class ExactControls {

  private ExactControls() {}

  /** The Gaussian N(mean, diag(var)) as a one-component mixture. */
  public static GaussianMixture gaussian(double[] mean, double[] var) {
    double[][] cov = new double[mean.length][mean.length];
    for (int i = 0; i < mean.length; i++) {
      cov[i][i] = var[i];
    }
    return GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {cov});
  }

  /**
   * DIS under a unit-variance-preserving forward process: the score of the noised target minus the base term
   * (the score of the noised N(0, I)), which the control form adds back.
   */
  public static DriftModel dis(ForwardProcess forward, double[] mean, double[] var) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow();
    GaussianMixture g = gaussian(mean, var);
    return new OracleControl(mean.length, (x, s) -> {
      double t = forward.horizon() - s;
      double a = lin.alpha(t);
      double sd = lin.sigma(t);
      return g.diffuse(a, sd).score(x).addi(x.div(a * a + sd * sd));
    });
  }

  /** PIS: grad log h(x, s) for h = E[rho(X_T) / N(X_T; 0, sigma^2 T) | X_s = x] under Brownian motion sigma W. */
  public static DriftModel pis(double sigma, double horizon, double[] mean, double[] var) {
    int d = mean.length;
    return new OracleControl(d, (x, s) -> {
      double tau = sigma * sigma * (horizon - s);
      double[] v = Rows.values(x);
      for (int i = 0; i < v.length; i++) {
        int j = i % d;
        double p = 1 / var[j] - 1 / (sigma * sigma * horizon);
        v[i] = (mean[j] / var[j] - p * v[i]) / (1 + p * tau);
      }
      return Rows.matrix(v, x.size(0), d);
    });
  }

  /** DDS under the unit-variance OU reference with rate theta: the noised target's score minus the reference's. */
  public static DriftModel dds(double theta, double horizon, double[] mean, double[] var) {
    GaussianMixture g = gaussian(mean, var);
    return new OracleControl(mean.length, (x, s) -> {
      double a = Math.exp(-theta * (horizon - s));
      return g.diffuse(a, Math.sqrt(1 - a * a)).score(x).addi(x);
    });
  }
}
