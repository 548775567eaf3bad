package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.math.GaussianMixture;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Gaussian mixture as a target: density, score and samples come from the exact float64 {@link GaussianMixture};
 * the log density is the normalised one plus {@code logZ}, so the target may be deliberately unnormalised.
 */
class MixtureTarget implements Target {

  private final String name;
  private final GaussianMixture mixture;
  private final double logZ;
  private final PlotBox box;

  /** Set when every component has the same covariance s^2 I: then a plain Java loop is several times faster. */
  private final IsotropicMixture isotropic;

  MixtureTarget(String name, GaussianMixture mixture, double logZ, PlotBox box) {
    this.name = name;
    this.mixture = mixture;
    this.logZ = logZ;
    this.box = box;
    this.isotropic = IsotropicMixture.of(mixture);
  }

  @Override
  public int dim() {
    return mixture.dim();
  }

  @Override
  public INDArray logDensity(INDArray x) {
    Batches.rows(x, dim(), name);
    if (isotropic != null) {
      return isotropic.evaluate(x, logZ, false);
    }
    INDArray out = mixture.logDensity(x);
    return logZ == 0 ? out : out.addi(logZ);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    Batches.rows(x, dim(), name);
    return isotropic != null ? isotropic.evaluate(x, logZ, true) : mixture.score(x);
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(logZ);
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    return mixture.sample(n, random);
  }

  @Override
  public Optional<GaussianMixture> mixture() {
    return Optional.of(mixture);
  }

  @Override
  public PlotBox plotBox() {
    return box;
  }

  @Override
  public String toString() {
    return name + " (d=" + dim() + ", " + mixture.components() + " components)";
  }
}
