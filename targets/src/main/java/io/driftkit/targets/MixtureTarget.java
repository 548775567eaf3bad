package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.GaussianMixtureTarget;
import org.nd4j.linalg.api.ndarray.INDArray;


/**
 * A benchmark mixture target: {@link GaussianMixtureTarget} with the batch shape checked against the target's name,
 * and a plain Java loop when every component has the same covariance s^2 I (several times faster).
 */
class MixtureTarget extends GaussianMixtureTarget {

  private final String name;
  private final double logZ;
  private final IsotropicMixture isotropic;

  MixtureTarget(String name, GaussianMixture mixture, double logZ, PlotBox box) {
    super(mixture, logZ, box);
    this.name = name;
    this.logZ = logZ;
    this.isotropic = IsotropicMixture.of(mixture);
  }

  @Override
  public INDArray logDensity(INDArray x) {
    Batches.rows(x, dim(), name);
    return isotropic != null ? isotropic.evaluate(x, logZ, false) : super.logDensity(x);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    Batches.rows(x, dim(), name);
    return isotropic != null ? isotropic.evaluate(x, logZ, true) : super.gradLogDensity(x);
  }

  @Override
  public String toString() {
    return name + " (d=" + dim() + ", " + gaussianMixture().components() + " components)";
  }
}
