package io.driftkit.core.testing;

import io.driftkit.api.PlotBox;
import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.GaussianMixtureTarget;

/** A normalised test target defined by a Gaussian mixture, independent of the targets module. */
public final class MixtureTarget extends GaussianMixtureTarget {

  public MixtureTarget(GaussianMixture mixture, PlotBox box) {
    super(mixture, 0, box);
  }

  /** N(mean, diag(variances)). */
  public static MixtureTarget gaussian(double[] mean, double[] variances) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      cov[i][i] = variances[i];
    }
    return new MixtureTarget(GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {cov}),
        PlotBox.square(5));
  }
}
