package io.driftkit.sde;

import io.driftkit.api.PlotBox;
import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.GaussianMixtureTarget;


/** A test-only target wrapping a Gaussian mixture (keeps these tests independent of the targets module). */
final class MixtureTarget extends GaussianMixtureTarget {

  final GaussianMixture mixture;

  MixtureTarget(GaussianMixture mixture) {
    super(mixture, 0, PlotBox.square(5));
    this.mixture = mixture;
  }

  /** Nine equal components on {-5, 0, 5}^2 with covariance 0.3 I (gmm-grid in REFERENCES.md). */
  static MixtureTarget grid() {
    double[][] means = new double[9][];
    int k = 0;
    for (int i = -1; i <= 1; i++) {
      for (int j = -1; j <= 1; j++) {
        means[k++] = new double[] {5 * i, 5 * j};
      }
    }
    double[] w = new double[9];
    double[] v = new double[9];
    java.util.Arrays.fill(w, 1);
    java.util.Arrays.fill(v, 0.3);
    return new MixtureTarget(GaussianMixture.isotropic(w, means, v));
  }
}
