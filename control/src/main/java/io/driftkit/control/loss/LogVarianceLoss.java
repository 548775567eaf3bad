package io.driftkit.control.loss;

import io.driftkit.api.Loss;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.config.Settings;

/**
 * The log-variance loss: the variance of log w over paths simulated with the current control held fixed. No
 * backpropagation through the chain, so every time step goes through the network in one stacked call.
 */
public final class LogVarianceLoss extends PathLoss {

  public LogVarianceLoss() {
    super("log-variance");
  }

  @Override
  public Loss.Value evaluate(TrainingContext context) {
    return sampler(context).logVariance(context.model(), context.batchSize(), context.random());
  }

  /** Registers {@code log-variance}. */
  public static final class Factory implements ComponentFactory<Loss> {
    @Override
    public String description() {
      return "variance of the path log-weight under a detached control (no backprop through the SDE)";
    }

    @Override
    public Loss create(Settings settings, ComponentContext context) {
      return new LogVarianceLoss();
    }
  }
}
