package io.driftkit.control.loss;

import io.driftkit.api.Loss;
import io.driftkit.api.TrainingContext;
import io.driftkit.control.path.PathSampler;

/** A loss computed from the path-space log weight of a control method's chains. */
public abstract class PathLoss implements Loss {

  private final String name;

  protected PathLoss(String name) {
    this.name = name;
  }

  /** The method's sampler, offered through the training context. */
  protected PathSampler sampler(TrainingContext context) {
    return context.extension(PathSampler.class).orElseThrow(() -> new IllegalStateException("loss '" + name
        + "' needs a control method (dis, pis or dds) that offers its path sampler"));
  }

  public String name() {
    return name;
  }
}
