package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The right-hand side an {@link Integrator} advances: {@code dX = b(X, t) dt + g(t) dW}, with g = 0 for an ODE.
 * Time is solver time and runs forwards along the grid.
 */
public interface Dynamics {

  /** The state dimension d. */
  int dim();

  /**
   * The drift b(x, t) of each row ({@code [n, d]} to {@code [n, d]}). Implementations return a fresh array or
   * one they own; callers must not keep the result across calls.
   */
  INDArray drift(INDArray x, double t);

  /** The scalar diffusion coefficient g(t); zero everywhere for an ODE. */
  double diffusion(double t);
}
