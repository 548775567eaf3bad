package io.driftkit.control.loss;

import io.driftkit.api.Loss;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import java.util.List;

/**
 * The log-variance loss: the variance of log w over paths simulated with the current control held fixed. No
 * backpropagation through the chain, so every time step goes through the network in one stacked call. Optionally
 * off-policy: the paths are drawn with the chain's noise widened by {@code exploration}, annealed linearly to 1
 * over {@code exploration-steps}, which keeps modes the current control misses in the loss.
 */
public final class LogVarianceLoss extends PathLoss {

  static final Setting<Double> EXPLORATION = Setting.real("exploration", 1.0,
      "noise scale of the paths the loss is taken over (1 = on-policy; e.g. 1.5 explores modes the control misses)")
      .atLeast(1);
  static final Setting<Integer> EXPLORATION_STEPS = Setting.integer("exploration-steps", 0,
      "training steps over which the exploration noise scale falls linearly to 1 (0 = constant)").atLeast(0);

  private final double exploration;
  private final int explorationSteps;

  public LogVarianceLoss() {
    this(1, 0);
  }

  public LogVarianceLoss(double exploration, int explorationSteps) {
    super("log-variance");
    this.exploration = exploration;
    this.explorationSteps = explorationSteps;
  }

  /** The noise scale at a training step. */
  double noiseScale(int step) {
    if (explorationSteps == 0) {
      return exploration;
    }
    return 1 + (exploration - 1) * Math.max(0, 1 - (double) step / explorationSteps);
  }

  @Override
  public Loss.Value evaluate(TrainingContext context) {
    return paths(context).logVariance(context.model(), context.batchSize(), context.random(),
        noiseScale(context.step()));
  }

  /** Registers {@code log-variance}. */
  public static final class Factory implements ComponentFactory<Loss> {
    @Override
    public String description() {
      return "variance of the path log-weight under a detached control (no backprop through the SDE)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(EXPLORATION, EXPLORATION_STEPS);
    }

    @Override
    public Loss create(Settings settings, ComponentContext context) {
      return new LogVarianceLoss(settings.get(EXPLORATION), settings.get(EXPLORATION_STEPS));
    }
  }
}
