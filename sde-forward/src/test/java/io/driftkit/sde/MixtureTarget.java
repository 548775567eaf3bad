package io.driftkit.sde;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.math.GaussianMixture;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A test-only target wrapping a Gaussian mixture (the real targets live on another branch). */
final class MixtureTarget implements Target {

  final GaussianMixture mixture;

  MixtureTarget(GaussianMixture mixture) {
    this.mixture = mixture;
  }

  /** Nine equal components on {-5, 0, 5}^2 with covariance 0.3 I (gmm-grid in REFERENCES.md). */
  static MixtureTarget grid() {
    double[][] means = new double[9][];
    int k = 0;
    for (int i = -1; i <= 1; i++) {
      for (int j = -1; j <= 1; j++) {
        means[k++] = new double[] {5 * i, 5 * j};
      }
    }
    double[] w = new double[9];
    double[] v = new double[9];
    java.util.Arrays.fill(w, 1);
    java.util.Arrays.fill(v, 0.3);
    return new MixtureTarget(GaussianMixture.isotropic(w, means, v));
  }

  @Override
  public int dim() {
    return mixture.dim();
  }

  @Override
  public INDArray logDensity(INDArray x) {
    return mixture.logDensity(x);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    return mixture.score(x);
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(0);
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
