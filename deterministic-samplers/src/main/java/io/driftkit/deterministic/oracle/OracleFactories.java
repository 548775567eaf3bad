package io.driftkit.deterministic.oracle;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;

/** The factory of {@code oracle-fp-score}. */
public final class OracleFactories {

  private OracleFactories() {}

  static final Setting<Integer> POINTS = Setting.integer("grid-points", 1201,
      "nodes per coordinate of the stored space grid (a second grid of twice as many is solved for Richardson)")
      .atLeast(9);
  static final Setting<Integer> TIME_POINTS = Setting.integer("time-points", 801,
      "stored times, quadratic in t on [0, T]").atLeast(4);
  static final Setting<Integer> SUBSTEPS = Setting.integer("substeps", 2, "SDIRK steps between stored times")
      .atLeast(1);

  /** {@code oracle-fp-score}. */
  public static final class FokkerPlanckOracle implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "exact score of a target with independent Gaussian-mixture coordinates under any additive-noise forward"
          + " process acting per coordinate, from the 1-D Fokker-Planck equation solved in float64";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(POINTS, TIME_POINTS, SUBSTEPS);
    }

    @Override
    public DriftModel create(Settings s, ComponentContext context) {
      ForwardProcess forward = context.forward().orElseThrow(() -> new ConfigException(
          "model 'oracle-fp-score' needs a forward process (key 'forward')"));
      ProductMixture data = context.target().mixture().flatMap(ProductMixture::of).orElseThrow(() ->
          new ConfigException("model 'oracle-fp-score' needs a target whose coordinates are independent Gaussian"
              + " mixtures (key 'target': e.g. gaussian with a diagonal covariance, or gmm-grid)"));
      return new FokkerPlanckScore(forward, data, new FokkerPlanckScore.Resolution(s.get(POINTS),
          s.get(TIME_POINTS), s.get(SUBSTEPS)));
    }
  }
}
