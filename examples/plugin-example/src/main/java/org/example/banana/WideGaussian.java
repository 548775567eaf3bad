package org.example.banana;

import io.driftkit.api.GaussianMixtureSpec;
import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.Rows;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/** N(0, s^2 I) in 2-D, unnormalised: log density -|x|^2 / (2 s^2), so log Z = log(2 pi s^2). */
public final class WideGaussian implements Target {

  static final Setting<Double> SCALE = Setting.real("scale", 2.0, "standard deviation s").greaterThan(0);

  private final double s;

  WideGaussian(double s) {
    this.s = s;
  }

  @Override
  public int dim() {
    return 2;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    Rows.checkBatch(x, 2, "target 'wide-gaussian'");
    return x.mul(x).sum(1).muli(-0.5 / (s * s));
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    Rows.checkBatch(x, 2, "target 'wide-gaussian'");
    return x.mul(-1.0 / (s * s));
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(Math.log(2 * Math.PI * s * s));
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    return random.normal(n, 2).muli(s);
  }

  /** The same law as a one-component mixture: methods and models that need closed forms can use it. */
  @Override
  public Optional<GaussianMixtureSpec> mixture() {
    return Optional.of(GaussianMixtureSpec.isotropic(new double[] {1}, new double[][] {{0, 0}},
        new double[] {s * s}));
  }

  @Override
  public PlotBox plotBox() {
    return PlotBox.square(4 * s);
  }

  /** Bound as {@code wide-gaussian}; one key, {@code target.scale}. */
  public static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "a wide isotropic Gaussian from a third-party jar";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(SCALE);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new WideGaussian(settings.get(SCALE));
    }
  }
}
