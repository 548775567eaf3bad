package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Advances a batch of states under a {@link Dynamics} along a {@link TimeGrid}.
 *
 * <p>SDE integrators ({@link Kind#SDE}) use the diffusion; ODE integrators ({@link Kind#ODE}) require it to be zero.
 * Adaptive integrators use the grid's end points and may take other steps in between; every step they accept is
 * reported to the observer.
 */
public interface Integrator {

  /** Whether this integrator solves SDEs or ODEs. */
  enum Kind { SDE, ODE }

  Kind kind();

  /**
   * Whether every step is exactly {@code next = state + dt drift(state, t) + diffusion sqrt(dt) noise} (Euler–Maruyama),
   * so that the transition density of a step is the known Gaussian {@code N(state + dt drift, diffusion^2 dt I)}.
   * Metropolis corrections and path-space importance weights rely on it.
   */
  default boolean eulerMaruyamaSteps() {
    return false;
  }

  /** The grid this integrator was configured with (its step count and spacing) over {@code [start, end]}. */
  TimeGrid grid(double start, double end);

  /**
   * Integrates from {@code x0} ({@code [n, d]}, not modified) over the grid.
   *
   * @param random the source of the Brownian increments (unused by ODE integrators)
   * @param observer told of every step, in order; it may correct the proposed state in place
   */
  IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer);

  /** The final state, the number of drift evaluations (NFE) and of steps taken. */
  record IntegrationResult(INDArray state, long functionEvaluations, int steps) {}
}
