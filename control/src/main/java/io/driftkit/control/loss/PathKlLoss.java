package io.driftkit.control.loss;

import io.driftkit.api.Loss;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;

/** The path KL divergence to the target path measure, i.e. minus the ELBO, with gradients through the chain. */
public final class PathKlLoss extends PathLoss {

  public PathKlLoss() {
    super("path-kl");
  }

  @Override
  public Loss.Value evaluate(TrainingContext context) {
    return paths(context).pathKl(context.model(), context.batchSize(), context.random());
  }

  /** Registers {@code path-kl}. */
  public static final class Factory implements ComponentFactory<Loss> {
    @Override
    public String description() {
      return "path-space KL (minus the ELBO), backpropagated through the simulated SDE";
    }

    @Override
    public Loss create(Settings settings, ComponentContext context) {
      return new PathKlLoss();
    }
  }
}
