package io.driftkit.testkit;

import io.driftkit.api.PlotBox;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.GaussianMixtureTarget;
import java.util.Arrays;

/**
 * A test target defined by a Gaussian mixture, with exact density, score, samples and log Z: what a plugin's tests
 * need when they must not depend on the {@code targets} module. {@code logZ} scales it on purpose, so an
 * unnormalised target with a known normaliser is one line.
 */
public final class MixtureTarget extends GaussianMixtureTarget {

  public MixtureTarget(GaussianMixture mixture, double logZ, PlotBox box) {
    super(mixture, logZ, box);
  }

  public MixtureTarget(GaussianMixture mixture, double logZ) {
    this(mixture, logZ, PlotBox.square(5));
  }

  public MixtureTarget(GaussianMixture mixture) {
    this(mixture, 0);
  }

  /** N(mean, diag(variances)), normalised. */
  public static MixtureTarget gaussian(double[] mean, double[] variances) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      cov[i][i] = variances[i];
    }
    return new MixtureTarget(GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {cov}));
  }

  /** gmm-grid: nine equal components on {-5, 0, 5}^2 with covariance 0.3 I, normalised. */
  public static MixtureTarget grid() {
    double[][] means = new double[9][];
    int k = 0;
    for (int i = -1; i <= 1; i++) {
      for (int j = -1; j <= 1; j++) {
        means[k++] = new double[] {5 * i, 5 * j};
      }
    }
    double[] w = new double[9];
    double[] v = new double[9];
    Arrays.fill(w, 1);
    Arrays.fill(v, 0.3);
    return new MixtureTarget(GaussianMixture.isotropic(w, means, v), 0, PlotBox.square(5));
  }
}
