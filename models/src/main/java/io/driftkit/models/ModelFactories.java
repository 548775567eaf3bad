package io.driftkit.models;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;

/** The factories of the built-in drift models and their config keys. */
public final class ModelFactories {

  private ModelFactories() {}

  public static final Setting<int[]> HIDDEN = Setting.integers("hidden", "64,64", "widths of the hidden layers")
      .check(w -> w.length > 0 && java.util.Arrays.stream(w).allMatch(v -> v > 0), "positive widths");
  public static final Setting<String> ACTIVATION = Setting.choice("activation", "silu", "hidden activation",
      "silu", "gelu");
  public static final Setting<Integer> TIME_FEATURES = Setting.integer("time-features", 16,
      "number of Fourier frequencies for the time input (0: t only)").atLeast(0);
  public static final Setting<Double> MAX_FREQUENCY = Setting.real("max-frequency", 100.0,
      "largest Fourier frequency (radians per unit time); frequencies are geometric from 1").greaterThan(0);
  public static final Setting<Boolean> ZERO_LAST = Setting.bool("zero-last-layer", true,
      "start the output layer at zero so the untrained field is zero");
  public static final Setting<String> PRECISION = Setting.choice("precision", "float32",
      "network arithmetic (float64 is slower; for gradient checks)", "float32", "float64");

  /** {@code mlp}. */
  public static final class Mlp implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "multilayer perceptron with Fourier time features; learnable";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(HIDDEN, ACTIVATION, TIME_FEATURES, MAX_FREQUENCY, ZERO_LAST, PRECISION);
    }

    @Override
    public DriftModel create(Settings s, ComponentContext context) {
      return new MlpModel(mlpConfig(s, context), context.random("model"));
    }
  }

  public static final Setting<Integer> SCORE_KNOTS = Setting.integer("score-knots", 16,
      "times on [0, T] between which the score weight is linear (one weight per dimension at each)").atLeast(2);
  public static final Setting<Double> CLIP_SCORE = Setting.real("clip-score", 0.0,
      "clip the target score to [-c, c] element-wise before weighting it; 0 = off").atLeast(0);

  /** {@code mlp-grad}: the mlp plus a learned time-dependent weight on the target score. */
  public static final class MlpGrad implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "mlp plus a learned time-dependent weight on the target score, NN(x, t) + w(t) * grad log rho(x)"
          + " (the PIS/DDS 'grad' network); needs target gradients and a forward process";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(HIDDEN, ACTIVATION, TIME_FEATURES, MAX_FREQUENCY, ZERO_LAST, PRECISION, SCORE_KNOTS, CLIP_SCORE);
    }

    @Override
    public DriftModel create(Settings s, ComponentContext context) {
      if (!context.target().hasGradient()) {
        throw new ConfigException("model 'mlp-grad' needs the gradient of the target's log density, which this"
            + " target lacks; use model = mlp");
      }
      ForwardProcess forward = context.forward().orElseThrow(() -> new ConfigException(
          "model 'mlp-grad' needs a forward process (key 'forward') for its time range"));
      return new ScoreTermModel(new MlpModel(mlpConfig(s, context), context.random("model")), context.target(),
          s.get(SCORE_KNOTS), forward.horizon(), s.get(CLIP_SCORE));
    }
  }

  private static MlpConfig mlpConfig(Settings s, ComponentContext context) {
    return new MlpConfig(context.dim(), s.get(HIDDEN), s.get(ACTIVATION), s.get(TIME_FEATURES),
        s.get(MAX_FREQUENCY), s.get(ZERO_LAST), s.get(PRECISION).equals("float64"));
  }

  /** {@code oracle-score}. */
  public static final class OracleScore implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "exact score of a Gaussian / Gaussian-mixture target under a linear forward process";
    }

    @Override
    public DriftModel create(Settings s, ComponentContext context) {
      GaussianMixture mixture = context.target().mixture().map(GaussianMixture::of).orElseThrow(() -> new ConfigException(
          "model 'oracle-score' needs a target that is a Gaussian mixture (key 'target'), e.g. gaussian or gmm-grid"));
      ForwardProcess forward = context.forward().orElseThrow(() -> new ConfigException(
          "model 'oracle-score' needs a forward process (key 'forward')"));
      ForwardProcess.LinearMarginals marginals = forward.linear().orElseThrow(() -> new ConfigException(
          "model 'oracle-score' needs a linear forward process (key 'forward': vp, sub-vp, ve, ou, scaled-bm)"));
      return new OracleScoreModel(mixture, marginals);
    }
  }

  /** {@code zero}. */
  public static final class Zero implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "the zero vector field";
    }

    @Override
    public DriftModel create(Settings s, ComponentContext context) {
      return new ZeroModel(context.dim());
    }
  }
}
