package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.Arrays;
import java.util.List;

/**
 * {@code gaussian}: N(mu, Sigma) in any dimension. The log density is deliberately left unnormalised,
 * {@code -1/2 (x - mu)^T Sigma^-1 (x - mu)}, so that log Z = d/2 log(2 pi) + 1/2 log det Sigma is not zero and
 * a log Z estimator that drops a constant is caught.
 */
final class GaussianTarget {

  private GaussianTarget() {}

  static final Setting<Integer> DIM = Setting.integer("dim", 2, "dimension").atLeast(1);
  static final Setting<double[]> MEAN = Setting.reals("mean", "0",
      "mean: one value (used for every coordinate) or dim values");
  static final Setting<double[]> VARIANCE = Setting.reals("variance", "1",
      "diagonal covariance: one value (used for every coordinate) or dim values")
      .check(v -> v.length > 0 && Arrays.stream(v).allMatch(s -> s > 0 && Double.isFinite(s)),
          "positive variances");
  static final Setting<double[]> COVARIANCE = Setting.reals("covariance", "",
      "full covariance, dim*dim values row by row (symmetric positive definite); when given it replaces variance")
      .check(v -> Arrays.stream(v).allMatch(Double::isFinite), "finite numbers");

  /** Builds the target from its three parameters (mean and covariance of matching dimension). */
  static Target of(double[] mean, double[][] covariance) {
    GaussianMixture m = GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {covariance});
    // the normalised density at the mean is exp(-(d/2 log 2 pi + 1/2 log det Sigma)) = 1 / Z
    double logZ = -m.logDensity(Rows.matrix(mean.clone(), 1, mean.length)).getDouble(0);
    int d = mean.length;
    double sx = 4 * Math.sqrt(covariance[0][0]);
    double sy = d > 1 ? 4 * Math.sqrt(covariance[1][1]) : sx;
    double my = d > 1 ? mean[1] : 0;
    PlotBox box = new PlotBox(mean[0] - sx, mean[0] + sx, my - sy, my + sy);
    return new MixtureTarget("gaussian", m, logZ, box);
  }

  /** The factory bound as {@code gaussian}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "Gaussian N(mean, covariance), unnormalised (log Z = d/2 log 2pi + 1/2 log det covariance); "
          + "exact samples";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIM, MEAN, VARIANCE, COVARIANCE);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      int d = settings.get(DIM);
      double[] mean = broadcast(settings, MEAN, d);
      double[] full = settings.get(COVARIANCE);
      double[][] cov = new double[d][d];
      if (full.length > 0) {
        if (full.length != d * d) {
          throw settings.invalid(COVARIANCE, "expected dim*dim = " + d * d + " values, got " + full.length);
        }
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            cov[i][j] = full[i * d + j];
            if (full[i * d + j] != full[j * d + i]) {
              throw settings.invalid(COVARIANCE, "the matrix is not symmetric at (" + i + ", " + j + ")");
            }
          }
        }
      } else {
        double[] var = broadcast(settings, VARIANCE, d);
        for (int i = 0; i < d; i++) {
          cov[i][i] = var[i];
        }
      }
      try {
        return of(mean, cov);
      } catch (IllegalArgumentException e) {
        throw settings.invalid(COVARIANCE, "the matrix is not positive definite");
      }
    }
  }

  /** One value repeated d times, or exactly d values. */
  static double[] broadcast(Settings settings, Setting<double[]> setting, int d) {
    double[] v = settings.get(setting);
    if (v.length == 1) {
      double[] out = new double[d];
      Arrays.fill(out, v[0]);
      return out;
    }
    if (v.length != d) {
      throw settings.invalid(setting, "expected 1 or dim = " + d + " values, got " + v.length);
    }
    return v;
  }
}
