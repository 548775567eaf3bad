package io.driftkit.control.loss;

import io.driftkit.api.Loss;
import io.driftkit.api.PathSupport;
import io.driftkit.api.TrainingContext;

/** A loss computed from the path-space log weight of a control method's chains. */
public abstract class PathLoss implements Loss {

  private final String name;

  protected PathLoss(String name) {
    this.name = name;
  }

  /** Needs a control method (dis, pis, dds): checked when the run is assembled. */
  @Override
  public final Class<PathSupport> requires() {
    return PathSupport.class;
  }

  /** The method's path-space objectives. */
  protected PathSupport paths(TrainingContext context) {
    return context.support(PathSupport.class);
  }

  public String name() {
    return name;
  }
}
