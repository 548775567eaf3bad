package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.Rows;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code many-well}: d/2 independent pairs (a, b) = (x_{2i}, x_{2i+1}), each with unnormalised log density
 * {@code -a^4 + 6 a^2 + 0.5 a - 0.5 b^2} (2^(d/2) modes). log Z = d/2 (log int exp(-a^4 + 6a^2 + 0.5a) da
 * + 1/2 log 2 pi), the 1-D integral by quadrature; samples: a by rejection, b standard normal.
 */
final class ManyWellTarget extends RowTarget {

  /** The double-well factor of a pair, built once (quadrature and proposal) and shared. */
  private static final UnivariateDensity WELL = new UnivariateDensity(ManyWellTarget::wellLogDensity, -6, 6);
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  static final Setting<Integer> DIM = Setting.integer("dim", 32, "dimension, an even number (pairs of coordinates)")
      .check(d -> d >= 2 && d % 2 == 0, "an even number >= 2");

  ManyWellTarget(int dim) {
    super("many-well", dim);
  }

  static double wellLogDensity(double a) {
    double a2 = a * a;
    return -a2 * a2 + 6 * a2 + 0.5 * a;
  }

  @Override
  double logDensity(double[] x, int off) {
    double s = 0;
    for (int i = 0; i < dim(); i += 2) {
      double a = x[off + i];
      double b = x[off + i + 1];
      double a2 = a * a;
      s += -a2 * a2 + 6 * a2 + 0.5 * a - 0.5 * b * b;
    }
    return s;
  }

  @Override
  double gradient(double[] x, int off, double[] grad) {
    double s = 0;
    for (int i = 0; i < dim(); i += 2) {
      double a = x[off + i];
      double b = x[off + i + 1];
      double a2 = a * a;
      s += -a2 * a2 + 6 * a2 + 0.5 * a - 0.5 * b * b;
      grad[off + i] = -4 * a2 * a + 12 * a + 0.5;
      grad[off + i + 1] = -b;
    }
    return s;
  }

  /** Diagonal: {@code 12 - 12 a^2} for each a, -1 for each b. */
  @Override
  void hessianVector(double[] x, double[] v, int off, double[] out) {
    for (int i = 0; i < dim(); i += 2) {
      double a = x[off + i];
      out[off + i] = (12 - 12 * a * a) * v[off + i];
      out[off + i + 1] = -v[off + i + 1];
    }
  }

  @Override
  boolean closedFormHessian() {
    return true;
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(dim() / 2 * (WELL.logNormalizer() + HALF_LOG_2PI));
  }

  /** log of the integral of exp(-a^4 + 6a^2 + 0.5a) (for tests and reports). */
  static double wellLogNormalizer() {
    return WELL.logNormalizer();
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    double[] out = new double[n * dim()];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim(); i += 2) {
        out[r * dim() + i] = WELL.sample(random);
        out[r * dim() + i + 1] = random.nextGaussian();
      }
    }
    return Rows.matrix(out, n, dim());
  }

  @Override
  public PlotBox plotBox() {
    return new PlotBox(-3, 3, -4, 4);
  }

  /** The factory bound as {@code many-well}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "many-well: d/2 independent pairs with log density -a^4 + 6a^2 + 0.5a - 0.5b^2; exact log Z "
          + "(quadrature) and samples (rejection)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIM);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new ManyWellTarget(settings.get(DIM));
    }
  }
}
