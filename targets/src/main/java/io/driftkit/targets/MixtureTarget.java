package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.GaussianMixtureTarget;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;


/**
 * A benchmark mixture target: {@link GaussianMixtureTarget} with the batch shape checked against the target's name.
 */
class MixtureTarget extends GaussianMixtureTarget {

  private final String name;

  MixtureTarget(String name, GaussianMixture mixture, double logZ, PlotBox box) {
    super(mixture, logZ, box);
    this.name = name;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    Rows.checkBatch(x, dim(), "target '" + name + "'");
    return super.logDensity(x);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    Rows.checkBatch(x, dim(), "target '" + name + "'");
    return super.gradLogDensity(x);
  }

  @Override
  public String toString() {
    return name + " (d=" + dim() + ", " + gaussianMixture().components() + " components)";
  }
}
