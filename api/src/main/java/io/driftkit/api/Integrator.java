package io.driftkit.api;

import java.util.Optional;
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

  /** The grid this integrator was configured with (its step count and spacing) over {@code [start, end]}. */
  TimeGrid grid(double start, double end);

  /**
   * Checks, before a run starts, that this integrator can advance these dynamics (e.g. that they have a capability it
   * needs); the dynamics' fields may be probed but not evaluated. Accepts everything by default.
   *
   * @throws io.driftkit.api.config.ConfigException naming the key at fault and what would be accepted
   */
  default void validate(Dynamics dynamics) {}

  /**
   * Integrates from {@code x0} ({@code [n, d]}, not modified) over the grid.
   *
   * @param random the source of the Brownian increments (unused by ODE integrators)
   * @param observer told of every step, in order; it may correct the proposed state in place
   */
  IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer);

  /**
   * Each step of this integrator as one Gaussian transition kernel, where it is one (Euler–Maruyama, exponential
   * steps; not stochastic Heun, whose step evaluates the drift at a noisy predictor). Methods that need the density
   * of a step (Metropolis corrections, path-space importance weights) accept exactly the integrators that have it.
   */
  default Optional<GaussianKernels> gaussianKernels() {
    return Optional.empty();
  }

  /** The final state, the number of drift evaluations (NFE) and of steps taken. */
  record IntegrationResult(INDArray state, long functionEvaluations, int steps) {}

  /** The step law of an integrator whose every step is Gaussian. */
  interface GaussianKernels {

    /**
     * The kernel of one step from time t over h: {@code X' ~ N(a X + c r(X, t), variance I)}, where r is
     * {@link Dynamics#remainder} (the whole drift when the dynamics has no linear part).
     *
     * @throws IllegalArgumentException when the dynamics lack what this step needs (e.g. a linear part)
     */
    Kernel kernel(Dynamics dynamics, double t, double h);
  }

  /**
   * The coefficients of one Gaussian step {@code X' ~ N(a X + c r(X, t), variance I)}.
   *
   * @param a the factor on the state
   * @param c the weight of the drift remainder evaluated at the start of the step
   * @param variance the variance of each coordinate of the step's noise
   */
  record Kernel(double a, double c, double variance) {
    public Kernel {
      if (!Double.isFinite(a) || !Double.isFinite(c) || !(variance >= 0) || !Double.isFinite(variance)) {
        throw new IllegalArgumentException("a Gaussian step needs finite a, c and variance >= 0, got a = " + a
            + ", c = " + c + ", variance = " + variance);
      }
    }
  }
}
