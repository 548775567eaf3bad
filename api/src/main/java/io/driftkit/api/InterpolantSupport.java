package io.driftkit.api;

/**
 * The training contract of the interpolant family: the interpolant, samples of its two ends, and the time range the
 * fields are learnt on. Losses build {@code x_t = a x0 + b x1 + gamma z} from it.
 */
public interface InterpolantSupport extends TrainingSupport {

  /** The interpolant being learnt. */
  Interpolant interpolant();

  /**
   * {@code n} independent pairs {@code {x0, x1}} ({@code [n, d]} each) from the ends' coupling: x0 ~ rho0 and
   * x1 ~ rho1 independently, x0 ~ N(0, I) for a {@link Interpolant.Base#GAUSSIAN} base, and x0 = x1 for a
   * {@link Interpolant.Base#MIRROR} one.
   */
  org.nd4j.linalg.api.ndarray.INDArray[] endpoints(int n, RandomSource random);

  /** Times are drawn uniformly from {@code [tMin, 1 - tMin]}, where the fields are learnt and used. */
  double tMin();
}
