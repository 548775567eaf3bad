package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.GaussianMixture;
import java.util.List;

/**
 * {@code blob}: one Gaussian blob off the origin, N(mean, sd^2 I) in 2-D, normalised (log Z = 0); a one-component
 * mixture, so mixture oracles apply.
 */
final class BlobTarget {

  private BlobTarget() {}

  static final Setting<double[]> MEAN = Setting.reals("mean", "2,2", "the blob's centre (two values)")
      .check(v -> v.length == 2, "two values");
  static final Setting<Double> SD = Setting.real("sd", 0.5, "the blob's standard deviation").greaterThan(0);

  /** {@code blob}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "one off-centre Gaussian blob N(mean, sd^2 I) in 2-D, normalised; exact samples";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(MEAN, SD);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      double[] mean = settings.get(MEAN);
      double sd = settings.get(SD);
      GaussianMixture m = GaussianMixture.isotropic(new double[] {1}, new double[][] {mean}, new double[] {sd * sd});
      double half = 4 * sd + 0.5;
      return new MixtureTarget("blob", m, 0, new PlotBox(Math.min(-half, mean[0] - half), Math.max(half,
          mean[0] + half), Math.min(-half, mean[1] - half), Math.max(half, mean[1] + half)));
    }
  }
}
