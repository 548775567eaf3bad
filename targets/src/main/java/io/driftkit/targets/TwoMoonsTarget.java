package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;

/**
 * {@code two-moons}: two interleaved half circles (scikit-learn's {@code make_moons} with a uniform angle), scaled by
 * 2 and centred: the upper moon {@code 2 (cos u, sin u) - (1, 0.5)}, the lower {@code 2 (1 - cos u, 0.5 - sin u) -
 * (1, 0.5)}, u ~ U[0, pi], each with probability 1/2, plus N(0, noise^2 I). Data-only: the density of a blurred arc
 * has no closed form.
 */
final class TwoMoonsTarget extends DataOnlyTarget {

  private final double noise;

  TwoMoonsTarget(double noise) {
    super("two-moons", new PlotBox(-3.5, 3.5, -2.5, 2.5));
    this.noise = noise;
  }

  @Override
  void draw(RandomSource random, double[] out, int off) {
    double u = Math.PI * random.nextDouble();
    boolean upper = random.nextDouble() < 0.5;
    double x = upper ? Math.cos(u) : 1 - Math.cos(u);
    double y = upper ? Math.sin(u) : 0.5 - Math.sin(u);
    out[off] = 2 * x - 1 + noise * random.nextGaussian();
    out[off + 1] = 2 * y - 0.5 + noise * random.nextGaussian();
  }

  static final Setting<Double> NOISE = Setting.real("noise", 0.2, "standard deviation of the Gaussian blur")
      .atLeast(0);

  /** {@code two-moons}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "two interleaved half circles blurred by N(0, noise^2 I); data-only (exact samples, no density)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(NOISE);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new TwoMoonsTarget(settings.get(NOISE));
    }
  }
}
