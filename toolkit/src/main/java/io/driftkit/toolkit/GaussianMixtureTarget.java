package io.driftkit.toolkit;

import io.driftkit.api.GaussianMixtureSpec;
import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Gaussian mixture as a {@link Target}: exact density, score and samples from {@link GaussianMixture}. The log
 * density is the normalised one plus {@code logZ}, so the target may be deliberately unnormalised with a known
 * log Z. When every component is isotropic (all shipped mixtures) density and score take the fast
 * {@link IsotropicMixture} loop instead of the general triangular solves.
 */
public class GaussianMixtureTarget implements Target {

  private final GaussianMixture mixture;
  private final double logZ;
  private final PlotBox box;
  private final IsotropicMixture isotropic;
  private final GaussianMixtureSpec spec;

  public GaussianMixtureTarget(GaussianMixture mixture, double logZ, PlotBox box) {
    this.mixture = mixture;
    this.logZ = logZ;
    this.box = box;
    this.isotropic = IsotropicMixture.of(mixture).orElse(null);
    this.spec = mixture.spec();
  }

  /** The mixture, normalised. */
  public GaussianMixture gaussianMixture() {
    return mixture;
  }

  @Override
  public int dim() {
    return mixture.dim();
  }

  @Override
  public INDArray logDensity(INDArray x) {
    Rows.checkBatch(x, dim(), "mixture target");
    INDArray out = isotropic != null ? isotropic.logDensity(x, 1, 0) : mixture.logDensity(x);
    return logZ == 0 ? out : out.addi(logZ);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    Rows.checkBatch(x, dim(), "mixture target");
    return isotropic != null ? isotropic.score(x, 1, 0) : mixture.score(x);
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
  public Optional<GaussianMixtureSpec> mixture() {
    return Optional.of(spec);
  }

  @Override
  public PlotBox plotBox() {
    return box;
  }
}
