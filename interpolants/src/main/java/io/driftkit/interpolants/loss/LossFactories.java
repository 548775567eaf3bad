package io.driftkit.interpolants.loss;

import io.driftkit.api.Loss;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.interpolants.field.FieldKind;
import io.driftkit.interpolants.field.FieldLayout;
import java.util.List;

/** The interpolant losses: {@code velocity}, {@code score}, {@code denoiser} and {@code velocity-score}. */
public final class LossFactories {

  private LossFactories() {}

  static final Setting<Boolean> ANTITHETIC = Setting.bool("antithetic", true,
      "pair every draw x_t = m + e with m - e (variance reduction; the 1/gamma and gamma' terms cancel)");
  static final Setting<TimeSampling> TIME = Setting.choice("time-sampling", TimeSampling.UNIFORM,
      "how t is drawn on [t-min, 1 - t-min]: uniform, or arcsine (more draws near both ends; same minimiser)");

  /** A loss that learns one field. */
  public static final class Single implements ComponentFactory<Loss> {
    private final String name;
    private final FieldKind kind;
    private final String description;

    private Single(String name, FieldKind kind, String description) {
      this.name = name;
      this.kind = kind;
      this.description = description;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(ANTITHETIC, TIME);
    }

    @Override
    public Loss create(Settings s, ComponentContext context) {
      return new QuadraticLoss(name, FieldLayout.of(kind), new double[] {1}, s.get(ANTITHETIC),
          s.get(TIME));
    }
  }

  /** {@code velocity}. */
  public static Single velocity() {
    return new Single("velocity", FieldKind.VELOCITY, "interpolant velocity b: E[|b|^2/2 - (a'x0 + b'x1 + gamma'z).b]"
        + " (probability-flow ODE; with a Gaussian x0 the score follows from b)");
  }

  /** {@code score}. */
  public static Single score() {
    return new Single("score", FieldKind.SCORE, "interpolant score s: E[|s|^2/2 + z.s/gamma]"
        + " (with a Gaussian x0 the velocity follows from s)");
  }

  /** {@code denoiser}. */
  public static Single denoiser() {
    return new Single("denoiser", FieldKind.DENOISER, "interpolant denoiser eta = E[z|x_t]: E[|eta|^2/2 - z.eta],"
        + " s = -eta/gamma (with a Gaussian x0 the velocity follows)");
  }

  /** Which velocity the two-field loss learns. */
  public enum Velocity { B, V }

  /** Which noise field the two-field loss learns. */
  public enum NoiseField { SCORE, DENOISER }

  static final Setting<Velocity> VELOCITY = Setting.choice("velocity", Velocity.V,
      "the velocity field: b itself, or v = E[a'x0 + b'x1 | x_t] with b = v - gamma gamma' s");
  static final Setting<NoiseField> NOISE = Setting.choice("noise", NoiseField.SCORE,
      "the noise field: the score s, or the denoiser eta with s = -eta/gamma");
  static final Setting<Double> NOISE_WEIGHT = Setting.real("noise-weight", 1.0,
      "weight of the noise field's objective in the sum").greaterThan(0);

  /** {@code velocity-score}: two fields from one network with 2 d outputs. */
  public static final class Pair implements ComponentFactory<Loss> {
    @Override
    public String description() {
      return "velocity (b or v) and score (s or eta) at once: one network with 2 d outputs, so any interpolant"
          + " (data to data too) gets both the ODE and the SDEs";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(VELOCITY, NOISE, NOISE_WEIGHT, ANTITHETIC, TIME);
    }

    @Override
    public Loss create(Settings s, ComponentContext context) {
      FieldKind velocity = s.get(VELOCITY) == Velocity.B ? FieldKind.VELOCITY : FieldKind.V;
      FieldKind noise = s.get(NOISE) == NoiseField.SCORE ? FieldKind.SCORE : FieldKind.DENOISER;
      return new QuadraticLoss("velocity-score", FieldLayout.of(velocity, noise),
          new double[] {1, s.get(NOISE_WEIGHT)}, s.get(ANTITHETIC), s.get(TIME));
    }
  }
}
