package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.Arrays;

/**
 * {@code gmm-40}: 40 equal-weight unit-covariance Gaussians in 50 dimensions, normalised (log Z = 0). The means
 * were drawn once, uniformly in [-40, 40]^50, and ship as {@code data/gmm40_means.csv} (see the data README).
 */
final class Gmm40Target {

  private Gmm40Target() {}

  static final int DIM = 50;
  static final int COMPONENTS = 40;
  static final String MEANS_FILE = "gmm40_means.csv";

  /** The shipped means, {@code [40][50]}. */
  static double[][] means() {
    DataFiles.Table t = DataFiles.read(null, MEANS_FILE, DIM);
    if (t.rows().size() != COMPONENTS) {
      throw new IllegalStateException("gmm40_means.csv has " + t.rows().size() + " rows, expected " + COMPONENTS);
    }
    double[][] m = new double[COMPONENTS][DIM];
    for (int k = 0; k < COMPONENTS; k++) {
      for (int j = 0; j < DIM; j++) {
        m[k][j] = t.number(k, j);
      }
    }
    return m;
  }

  /** The factory bound as {@code gmm-40}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "40 equal Gaussians in 50-d, unit covariance, means fixed in [-40,40]^50; normalised, exact samples";
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      double[] w = new double[COMPONENTS];
      double[] var = new double[COMPONENTS];
      Arrays.fill(w, 1);
      Arrays.fill(var, 1);
      MixtureTarget target = new MixtureTarget("gmm-40", GaussianMixture.isotropic(w, means(), var), 0,
          PlotBox.square(45));
      DataFiles.report(context, null, MEANS_FILE);
      return target;
    }
  }
}
