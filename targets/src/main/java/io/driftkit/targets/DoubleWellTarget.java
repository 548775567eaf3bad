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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code double-well} (the DIS paper's "DW"): {@code -sum_{i<m} (x_i^2 - delta)^2 - 1/2 sum_{j>=m} x_j^2}, 2^m
 * modes. log Z = m log int exp(-(x^2 - delta)^2) dx + (d - m)/2 log 2 pi (1-D quadrature, cached per delta);
 * exact samples coordinate by coordinate (rejection for the wells).
 */
final class DoubleWellTarget extends RowTarget {

  private static final Map<Double, UnivariateDensity> WELLS = new ConcurrentHashMap<>();

  static final Setting<Integer> DIM = Setting.integer("dim", 5, "dimension d").atLeast(1);
  static final Setting<Integer> M = Setting.integer("m", 5, "number of double-well coordinates (the first m)")
      .atLeast(1);
  static final Setting<Double> DELTA = Setting.real("delta", 4.0, "squared position of the wells, (x^2 - delta)^2")
      .greaterThan(0);

  private final int m;
  private final double delta;
  private final UnivariateDensity well;

  DoubleWellTarget(int dim, int m, double delta) {
    super("double-well", dim);
    if (m > dim) {
      throw new IllegalArgumentException("double-well needs m <= d, got m=" + m + ", d=" + dim);
    }
    this.m = m;
    this.delta = delta;
    this.well = WELLS.computeIfAbsent(delta, DoubleWellTarget::wellFor);
  }

  private static UnivariateDensity wellFor(double delta) {
    // outside |x| = sqrt(delta + 9), (x^2 - delta)^2 > 81: no mass there
    double edge = Math.sqrt(delta + 9) + 1;
    return new UnivariateDensity(x -> -(x * x - delta) * (x * x - delta), -edge, edge);
  }

  @Override
  double logDensity(double[] x, int off) {
    double s = 0;
    for (int i = 0; i < m; i++) {
      double u = x[off + i] * x[off + i] - delta;
      s -= u * u;
    }
    for (int j = m; j < dim(); j++) {
      s -= 0.5 * x[off + j] * x[off + j];
    }
    return s;
  }

  @Override
  double gradient(double[] x, int off, double[] grad) {
    double s = 0;
    for (int i = 0; i < m; i++) {
      double xi = x[off + i];
      double u = xi * xi - delta;
      s -= u * u;
      grad[off + i] = -4 * u * xi;
    }
    for (int j = m; j < dim(); j++) {
      s -= 0.5 * x[off + j] * x[off + j];
      grad[off + j] = -x[off + j];
    }
    return s;
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(m * well.logNormalizer() + 0.5 * (dim() - m) * Math.log(2 * Math.PI));
  }

  /** log of the integral of exp(-(x^2 - delta)^2), the 1-D well factor (for tests and reports). */
  static double wellLogNormalizer(double delta) {
    return WELLS.computeIfAbsent(delta, DoubleWellTarget::wellFor).logNormalizer();
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    double[] out = new double[n * dim()];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim(); i++) {
        out[r * dim() + i] = i < m ? well.sample(random) : random.nextGaussian();
      }
    }
    return Rows.matrix(out, n, dim());
  }

  @Override
  public PlotBox plotBox() {
    double w = Math.sqrt(delta) + 2;
    double h = m >= 2 ? w : 4;
    return new PlotBox(-w, w, -h, h);
  }

  /** The factory bound as {@code double-well}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "double-well: -sum_{i<m} (x_i^2 - delta)^2 - 0.5 sum_{j>=m} x_j^2; exact log Z (quadrature) and "
          + "samples (rejection)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIM, M, DELTA);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      int d = settings.get(DIM);
      int m = settings.get(M);
      if (m > d) {
        throw settings.invalid(M, "expected m <= dim = " + d + " (d < m)");
      }
      return new DoubleWellTarget(d, m, settings.get(DELTA));
    }
  }
}
