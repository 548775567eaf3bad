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
 * {@code funnel} (Neal's funnel): x0 ~ N(0, sigma^2), x1..x_{d-1} | x0 ~ N(0, exp(x0) I). Normalised, so
 * log Z = 0; exact samples by the definition.
 */
final class FunnelTarget extends RowTarget {

  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  static final Setting<Integer> DIM = Setting.integer("dim", 10, "dimension (x0 plus d-1 conditionally normal)")
      .atLeast(2);
  static final Setting<Double> SIGMA = Setting.real("sigma", 3.0, "standard deviation of x0").greaterThan(0);

  private final double sigma;
  private final double constant;

  FunnelTarget(int dim, double sigma) {
    super("funnel", dim);
    this.sigma = sigma;
    this.constant = -dim * HALF_LOG_2PI - Math.log(sigma);
  }

  @Override
  double logDensity(double[] x, int off) {
    double x0 = x[off];
    double sq = 0;
    for (int i = 1; i < dim(); i++) {
      sq += x[off + i] * x[off + i];
    }
    return constant - 0.5 * x0 * x0 / (sigma * sigma) - 0.5 * (dim() - 1) * x0 - 0.5 * sq * Math.exp(-x0);
  }

  @Override
  double gradient(double[] x, int off, double[] grad) {
    double x0 = x[off];
    double precision = Math.exp(-x0);
    double sq = 0;
    for (int i = 1; i < dim(); i++) {
      double xi = x[off + i];
      sq += xi * xi;
      grad[off + i] = -xi * precision;
    }
    grad[off] = -x0 / (sigma * sigma) - 0.5 * (dim() - 1) + 0.5 * sq * precision;
    return constant - 0.5 * x0 * x0 / (sigma * sigma) - 0.5 * (dim() - 1) * x0 - 0.5 * sq * precision;
  }

  /**
   * With p = exp(-x0) and S = sum_i x_i^2: {@code H_00 = -1/sigma^2 - S p / 2}, {@code H_0i = x_i p},
   * {@code H_ii = -p}, the rest 0.
   */
  @Override
  void hessianVector(double[] x, double[] v, int off, double[] out) {
    double precision = Math.exp(-x[off]);
    double v0 = v[off];
    double sq = 0;
    double cross = 0;
    for (int i = 1; i < dim(); i++) {
      double xi = x[off + i];
      sq += xi * xi;
      cross += xi * v[off + i];
      out[off + i] = precision * (xi * v0 - v[off + i]);
    }
    out[off] = (-1 / (sigma * sigma) - 0.5 * sq * precision) * v0 + precision * cross;
  }

  @Override
  boolean closedFormHessian() {
    return true;
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(0);
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    double[] out = new double[n * dim()];
    for (int r = 0; r < n; r++) {
      double x0 = sigma * random.nextGaussian();
      double sd = Math.exp(0.5 * x0);
      out[r * dim()] = x0;
      for (int i = 1; i < dim(); i++) {
        out[r * dim() + i] = sd * random.nextGaussian();
      }
    }
    return Rows.matrix(out, n, dim());
  }

  @Override
  public PlotBox plotBox() {
    return new PlotBox(-3 * sigma, 3 * sigma, -10, 10);
  }

  /** The factory bound as {@code funnel}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "Neal's funnel: x0 ~ N(0, sigma^2), x_i | x0 ~ N(0, exp(x0)); normalised, exact samples";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIM, SIGMA);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new FunnelTarget(settings.get(DIM), settings.get(SIGMA));
    }
  }
}
