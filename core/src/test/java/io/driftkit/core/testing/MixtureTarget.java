package io.driftkit.core.testing;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.math.GaussianMixture;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A test target defined by a Gaussian mixture, independent of the targets module. */
public final class MixtureTarget implements Target {

  private final GaussianMixture mixture;
  private final PlotBox box;

  public MixtureTarget(GaussianMixture mixture, PlotBox box) {
    this.mixture = mixture;
    this.box = box;
  }

  /** N(mean, diag(variances)). */
  public static MixtureTarget gaussian(double[] mean, double[] variances) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      cov[i][i] = variances[i];
    }
    return new MixtureTarget(GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {cov}),
        PlotBox.square(5));
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

  @Override
  public PlotBox plotBox() {
    return box;
  }
}
