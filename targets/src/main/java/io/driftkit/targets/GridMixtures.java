package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;

/**
 * The 2-D grid mixtures: {@code gmm-grid} (9 equal components on {-5,0,5}^2) and {@code gmm-25} (25 on
 * {-10,-5,0,5,10}^2), each with covariance 0.3 I and normalised (log Z = 0). The plotting box extends half a grid
 * spacing beyond the outer means, so every mode's Voronoi cell inside it has the same size.
 */
final class GridMixtures {

  private GridMixtures() {}

  static final double VARIANCE = 0.3;
  static final double SPACING = 5;

  /** The equal-weight mixture with means on {@code {-h, ..., h}^2} in steps of 5, where h = 5 * halfWidth. */
  static Target grid(String name, int halfWidth) {
    int side = 2 * halfWidth + 1;
    int k = side * side;
    double[] w = new double[k];
    double[][] means = new double[k][];
    double[] var = new double[k];
    int c = 0;
    for (int i = -halfWidth; i <= halfWidth; i++) {
      for (int j = -halfWidth; j <= halfWidth; j++) {
        w[c] = 1;
        var[c] = VARIANCE;
        means[c++] = new double[] {SPACING * i, SPACING * j};
      }
    }
    double edge = SPACING * (halfWidth + 0.5);
    return new MixtureTarget(name, GaussianMixture.isotropic(w, means, var), 0, PlotBox.square(edge));
  }

  /** {@code gmm-grid}: 3 x 3 grid. */
  static final class Grid9 implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "9 equal Gaussians on {-5,0,5}^2, covariance 0.3 I, normalised; exact samples";
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return grid("gmm-grid", 1);
    }
  }

  /** {@code gmm-25}: 5 x 5 grid. */
  static final class Grid25 implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "25 equal Gaussians on {-10,-5,0,5,10}^2, covariance 0.3 I, normalised; exact samples";
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return grid("gmm-25", 2);
    }
  }
}
