package io.driftkit.interpolants;

import io.driftkit.api.Interpolant;
import io.driftkit.api.config.Settings;
import io.driftkit.interpolants.path.InterpolantFactories;
import io.driftkit.toolkit.GaussianMixture;
import java.util.Map;

/** Interpolants and Gaussian-mixture ends shared by the tests. */
public final class Fixtures {

  private Fixtures() {}

  /** A built-in interpolant by registered name with keys like {@code gamma=sqrt}. */
  public static Interpolant interpolant(String name, String... keys) {
    InterpolantFactories.Builtin f = switch (name) {
      case "linear" -> InterpolantFactories.linear();
      case "trigonometric" -> InterpolantFactories.trigonometric();
      case "encoder-decoder" -> InterpolantFactories.encoderDecoder();
      case "one-sided" -> InterpolantFactories.oneSided();
      case "mirror" -> InterpolantFactories.mirror();
      default -> throw new IllegalArgumentException(name);
    };
    Map<String, String> given = new java.util.TreeMap<>();
    for (String kv : keys) {
      given.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return f.create(Settings.of("interpolant '" + name + "'", "interpolant.", given, f.settings()), null);
  }

  /** Two components with full (correlated) covariances, off the origin. */
  public static GaussianMixture start() {
    return GaussianMixture.of(new double[] {0.3, 0.7}, new double[][] {{-1, 0.5}, {0.5, -1}},
        new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}, {{0.25, -0.1}, {-0.1, 0.4}}});
  }

  /** Three isotropic components on a triangle. */
  public static GaussianMixture end() {
    return GaussianMixture.isotropic(new double[] {1, 1, 2}, new double[][] {{2, 2}, {-2, 2}, {0, -2}},
        new double[] {0.2, 0.3, 0.1});
  }
}
