package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.Rows;
import java.util.List;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code circles}: two concentric rings of radii {@code radius} and {@code radius / 2} (scikit-learn's
 * {@code make_circles} with factor 1/2, scaled), each with probability 1/2, a uniform angle, blurred by
 * N(0, noise^2 I). A ring of radius r blurred by s has the closed-form density
 * {@code exp(-(|x|^2 + r^2) / 2s^2) I_0(r |x| / s^2) / (2 pi s^2)}, so the target is normalised (log Z = 0) with an
 * exact gradient.
 */
final class CirclesTarget extends RowTarget {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final double[] radii;
  private final double noise;

  CirclesTarget(double radius, double noise) {
    super("circles", 2);
    this.radii = new double[] {radius, radius / 2};
    this.noise = noise;
  }

  /** log of one ring's density and d/d|x| of it, at distance rho from the centre. */
  private double[] ring(double r, double rho) {
    double s2 = noise * noise;
    double z = r * rho / s2;
    double i0 = ModifiedBessel.i0Scaled(z);
    double log = -(rho - r) * (rho - r) / (2 * s2) + Math.log(i0) - Math.log(s2) - LOG_2PI;
    // d/d rho log p = -rho / s^2 + (r / s^2) I_1 / I_0 (z); divided by rho for the gradient x / rho
    double ratioOverRho = z < 1e-8 ? r * r / (2 * s2 * s2) : (r / s2) * ModifiedBessel.i1Scaled(z) / i0 / rho;
    return new double[] {log, -1 / s2 + ratioOverRho};
  }

  @Override
  double logDensity(double[] x, int off) {
    double rho = Math.hypot(x[off], x[off + 1]);
    double a = ring(radii[0], rho)[0];
    double b = ring(radii[1], rho)[0];
    return Math.log(0.5) + Rows.logSumExp(new double[] {a, b});
  }

  @Override
  double gradient(double[] x, int off, double[] grad) {
    double rho = Math.hypot(x[off], x[off + 1]);
    double[] a = ring(radii[0], rho);
    double[] b = ring(radii[1], rho);
    double lse = Rows.logSumExp(new double[] {a[0], b[0]});
    double wa = Math.exp(a[0] - lse);
    double factor = wa * a[1] + (1 - wa) * b[1];
    grad[off] = factor * x[off];
    grad[off + 1] = factor * x[off + 1];
    return Math.log(0.5) + lse;
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
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double r = radii[random.nextDouble() < 0.5 ? 0 : 1];
      double u = 2 * Math.PI * random.nextDouble();
      out[2 * i] = r * Math.cos(u) + noise * random.nextGaussian();
      out[2 * i + 1] = r * Math.sin(u) + noise * random.nextGaussian();
    }
    return Rows.matrix(out, n, 2);
  }

  @Override
  public PlotBox plotBox() {
    return PlotBox.square(radii[0] + 4 * noise + 0.5);
  }

  static final Setting<Double> RADIUS = Setting.real("radius", 3.0, "radius of the outer ring (the inner one has half)")
      .greaterThan(0);
  static final Setting<Double> NOISE = Setting.real("noise", 0.24,
      "standard deviation of the Gaussian blur (the density needs it > 0)").greaterThan(0);

  /** {@code circles}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "two concentric rings (radii r, r/2) blurred by N(0, noise^2 I); exact samples, density by Bessel I0,"
          + " normalised";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(RADIUS, NOISE);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new CirclesTarget(settings.get(RADIUS), settings.get(NOISE));
    }
  }
}
