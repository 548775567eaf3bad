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
 * {@code rosenbrock}: the chained ("full") n-dimensional Rosenbrock density of Pagani, Wiegand &amp; Nadarajah
 * (2022), {@code log p = -a (x_1 - mu)^2 - b sum_{i=1}^{d-1} (x_{i+1} - x_i^2)^2}. With the defaults d = 2,
 * a = 1/20, b = 100/20, mu = 1 it is the 2-D Rosenbrock density of Goodman &amp; Weare (2010),
 * {@code exp(-(100 (x2 - x1^2)^2 + (1 - x1)^2) / 20)}. The chain form (each x_{i+1} | x_i ~ N(x_i^2, 1/(2b)))
 * is chosen over the sum of 2-D terms because it keeps an exact sampler and an exact
 * log Z = 1/2 log(pi / a) + (d - 1)/2 log(pi / b).
 */
final class RosenbrockTarget extends RowTarget {

  static final Setting<Integer> DIM = Setting.integer("dim", 2, "dimension").atLeast(2);
  static final Setting<Double> A = Setting.real("a", 0.05, "weight of (x_1 - mu)^2").greaterThan(0);
  static final Setting<Double> B = Setting.real("b", 5.0, "weight of each (x_{i+1} - x_i^2)^2").greaterThan(0);
  static final Setting<Double> MU = Setting.real("mu", 1.0, "centre of x_1");

  private final double a;
  private final double b;
  private final double mu;

  RosenbrockTarget(int dim, double a, double b, double mu) {
    super("rosenbrock", dim);
    this.a = a;
    this.b = b;
    this.mu = mu;
  }

  @Override
  double logDensity(double[] x, int off) {
    double u = x[off] - mu;
    double s = -a * u * u;
    for (int i = 0; i < dim() - 1; i++) {
      double r = x[off + i + 1] - x[off + i] * x[off + i];
      s -= b * r * r;
    }
    return s;
  }

  @Override
  double gradient(double[] x, int off, double[] grad) {
    double u = x[off] - mu;
    double s = -a * u * u;
    grad[off] = -2 * a * u;
    for (int i = 1; i < dim(); i++) {
      grad[off + i] = 0;
    }
    for (int i = 0; i < dim() - 1; i++) {
      double xi = x[off + i];
      double r = x[off + i + 1] - xi * xi;
      s -= b * r * r;
      grad[off + i + 1] -= 2 * b * r;
      grad[off + i] += 4 * b * r * xi;
    }
    return s;
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(0.5 * Math.log(Math.PI / a) + 0.5 * (dim() - 1) * Math.log(Math.PI / b));
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    double[] out = new double[n * dim()];
    double sd1 = Math.sqrt(0.5 / a);
    double sd = Math.sqrt(0.5 / b);
    for (int r = 0; r < n; r++) {
      int off = r * dim();
      out[off] = mu + sd1 * random.nextGaussian();
      for (int i = 1; i < dim(); i++) {
        out[off + i] = out[off + i - 1] * out[off + i - 1] + sd * random.nextGaussian();
      }
    }
    return Rows.matrix(out, n, dim());
  }

  @Override
  public PlotBox plotBox() {
    double sd1 = Math.sqrt(0.5 / a);
    double reach = Math.abs(mu) + 2.5 * sd1;
    return new PlotBox(mu - 2.5 * sd1, mu + 2.5 * sd1, -3 * Math.sqrt(0.5 / b) - 1, reach * reach);
  }

  /** The factory bound as {@code rosenbrock}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "Rosenbrock (chained form): -a (x1 - mu)^2 - b sum (x_{i+1} - x_i^2)^2; exact log Z and samples";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIM, A, B, MU);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new RosenbrockTarget(settings.get(DIM), settings.get(A), settings.get(B), settings.get(MU));
    }
  }
}
