package io.driftkit.interpolants.path;

import io.driftkit.api.Interpolant;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;

/** The built-in interpolants and their keys ({@code interpolant.gamma}, {@code interpolant.gamma-scale}, ...). */
public final class InterpolantFactories {

  private InterpolantFactories() {}

  static Setting<Gamma> gamma(Gamma defaultShape) {
    return Setting.choice("gamma", defaultShape, "latent noise gamma(t): sqrt = sqrt(c t(1-t)), quadratic = c t(1-t),"
        + " sine-squared = c sin^2(pi t), or zero");
  }

  static final Setting<Double> SCALE = Setting.real("gamma-scale", 1.0, "the scale c in gamma(t)").greaterThan(0);

  /** The paths a one-sided interpolant may take. */
  public enum OneSidedPath { LINEAR, TRIGONOMETRIC }

  static final Setting<OneSidedPath> ONE_SIDED_PATH = Setting.choice("path", OneSidedPath.LINEAR,
      "a and b: linear (1 - t, t) or trigonometric (sqrt(1 - gamma^2) cos(pi t / 2), ... sin(pi t / 2))");

  /** One built-in interpolant. */
  public static final class Builtin implements ComponentFactory<Interpolant> {
    private final String name;
    private final Coefficients.Path path;
    private final Interpolant.Base base;
    private final Setting<Gamma> gamma;
    private final String description;

    private Builtin(String name, Coefficients.Path path, Interpolant.Base base, Gamma defaultGamma,
        String description) {
      this.name = name;
      this.path = path;
      this.base = base;
      this.gamma = gamma(defaultGamma);
      this.description = description;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public List<Setting<?>> settings() {
      return path == null ? List.of(ONE_SIDED_PATH, gamma, SCALE) : List.of(gamma, SCALE);
    }

    @Override
    public Interpolant create(Settings s, ComponentContext context) {
      Coefficients.Path p = path != null ? path : switch (s.get(ONE_SIDED_PATH)) {
        case LINEAR -> Coefficients.Path.LINEAR;
        case TRIGONOMETRIC -> Coefficients.Path.TRIGONOMETRIC;
      };
      Gamma g = s.get(gamma);
      double c = s.get(SCALE);
      if (p == Coefficients.Path.TRIGONOMETRIC && !(g.max(c) < 1)) {
        throw s.invalid(SCALE, "the trigonometric path scales by sqrt(1 - gamma^2), so it needs gamma < 1, but "
            + Setting.name(g) + " with this scale reaches " + g.max(c));
      }
      return new Coefficients(name, p, g, c, base);
    }
  }

  /** {@code linear}: a = 1 - t, b = t. */
  public static Builtin linear() {
    return new Builtin("linear", Coefficients.Path.LINEAR, Interpolant.Base.ANY, Gamma.SQRT,
        "x_t = (1 - t) x0 + t x1 + gamma(t) z");
  }

  /** {@code trigonometric}. */
  public static Builtin trigonometric() {
    return new Builtin("trigonometric", Coefficients.Path.TRIGONOMETRIC, Interpolant.Base.ANY, Gamma.SQRT,
        "x_t = sqrt(1 - gamma^2) (cos(pi t/2) x0 + sin(pi t/2) x1) + gamma(t) z");
  }

  /** {@code encoder-decoder}. */
  public static Builtin encoderDecoder() {
    return new Builtin("encoder-decoder", Coefficients.Path.ENCODER_DECODER, Interpolant.Base.ANY,
        Gamma.SINE_SQUARED, "x_t = cos^2(pi t) (x0 before 1/2, x1 after) + gamma(t) z: through pure noise at t = 1/2");
  }

  /** {@code one-sided}. */
  public static Builtin oneSided() {
    return new Builtin("one-sided", null, Interpolant.Base.GAUSSIAN, Gamma.ZERO,
        "x_t = a(t) x0 + b(t) x1 + gamma(t) z with x0 ~ N(0, I) (rho0 must be normal); gamma = 0 allowed");
  }

  /** {@code mirror}. */
  public static Builtin mirror() {
    return new Builtin("mirror", Coefficients.Path.IDENTITY, Interpolant.Base.MIRROR, Gamma.SQRT,
        "x_t = x1 + gamma(t) z with x0 = x1 (rho0 = rho1): from data through noise back to the same law");
  }
}
