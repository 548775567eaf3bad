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
 * {@code swiss-roll}: the 2-D swiss roll of scikit-learn's {@code make_swiss_roll} (its x and z coordinates) divided
 * by 5, {@code (u cos u, u sin u) / 5} with u ~ U[1.5 pi, 4.5 pi], plus N(0, noise^2 I). Data-only.
 */
final class SwissRollTarget extends DataOnlyTarget {

  private final double noise;

  SwissRollTarget(double noise) {
    super("swiss-roll", PlotBox.square(3.5));
    this.noise = noise;
  }

  @Override
  void draw(RandomSource random, double[] out, int off) {
    double u = 1.5 * Math.PI * (1 + 2 * random.nextDouble());
    out[off] = u * Math.cos(u) / 5 + noise * random.nextGaussian();
    out[off + 1] = u * Math.sin(u) / 5 + noise * random.nextGaussian();
  }

  static final Setting<Double> NOISE = Setting.real("noise", 0.2, "standard deviation of the Gaussian blur")
      .atLeast(0);

  /** {@code swiss-roll}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "2-D swiss roll (u cos u, u sin u) / 5 blurred by N(0, noise^2 I); data-only (exact samples, no density)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(NOISE);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new SwissRollTarget(settings.get(NOISE));
    }
  }
}
