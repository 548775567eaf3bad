package io.driftkit.control.testing;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.math.GaussianMixture;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A Gaussian mixture scaled by exp(logZ): an unnormalised target whose log Z is known exactly. */
public final class MixtureTarget implements Target {

  private final GaussianMixture mixture;
  private final double logZ;

  public MixtureTarget(GaussianMixture mixture, double logZ) {
    this.mixture = mixture;
    this.logZ = logZ;
  }

  public GaussianMixture gaussianMixture() {
    return mixture;
  }

  @Override
  public int dim() {
    return mixture.dim();
  }

  @Override
  public INDArray logDensity(INDArray x) {
    return mixture.logDensity(x).addi(logZ);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    return mixture.score(x);
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
}
