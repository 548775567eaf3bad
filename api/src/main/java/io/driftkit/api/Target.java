package io.driftkit.api;

import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A probability density on R^d known up to a constant: what a sampler draws from.
 *
 * <p>Inputs are {@code [n, d]} float64 batches; {@link #logDensity} returns {@code [n]} and
 * {@link #gradLogDensity} returns {@code [n, d]}, both float64 and analytic.
 */
public interface Target {

  /** The dimension d of the state space. */
  int dim();

  /** Unnormalised log density of each row of {@code x} ({@code [n, d]} to {@code [n]}). */
  INDArray logDensity(INDArray x);

  /** Gradient of the log density with respect to x ({@code [n, d]} to {@code [n, d]}). */
  INDArray gradLogDensity(INDArray x);

  /**
   * Whether {@link #logDensity} is available. Data-only targets (a distribution given by its sampler, such as
   * {@code two-moons}) say no; methods that need a density refuse them. Such targets also have no gradient.
   */
  default boolean hasLogDensity() {
    return true;
  }

  /** Whether {@link #gradLogDensity} is available; targets given only through samples may say no. */
  default boolean hasGradient() {
    return true;
  }

  /** log Z, the log of the normaliser of {@link #logDensity}, where it is known exactly. */
  default OptionalDouble logNormalizer() {
    return OptionalDouble.empty();
  }

  /** Whether {@link #sample} draws exact, independent samples. */
  default boolean hasExactSampler() {
    return false;
  }

  /**
   * {@code n} exact independent samples ({@code [n, d]}).
   *
   * @throws UnsupportedOperationException when {@link #hasExactSampler()} is false
   */
  default INDArray sample(int n, RandomSource random) {
    throw new UnsupportedOperationException("this target has no exact sampler");
  }

  /** The target as a Gaussian mixture, for targets that are one (lets oracles be built in closed form). */
  default Optional<GaussianMixtureSpec> mixture() {
    return Optional.empty();
  }

  /** The region of the first two coordinates worth plotting. */
  default PlotBox plotBox() {
    return PlotBox.square(5);
  }

  /**
   * Row-wise Hessian–vector products of the log density in closed form, where the target has them; empty otherwise,
   * and callers fall back to central differences of the gradient. Path gradients through the target's score (pis,
   * dds, path-KL) need one per training step.
   */
  default Optional<HessianVectorProduct> hessianVectorProduct() {
    return Optional.empty();
  }

  /** {@code H(x_i) v_i}, the Hessian of the log density at each row times that row's vector. */
  @FunctionalInterface
  interface HessianVectorProduct {
    /** {@code [n, d]} and {@code [n, d]} to a fresh {@code [n, d]} float64 array. */
    INDArray apply(INDArray x, INDArray v);
  }
}
