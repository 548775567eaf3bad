package io.driftkit.api;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The right-hand side an {@link Integrator} advances: {@code dX = b(X, t) dt + g(t) dW}, with g = 0 for an ODE.
 * Time is solver time and runs forwards along the grid.
 *
 * <p>Dynamics whose drift has a linear part, {@code b(x, t) = rate(t) x + r(x, t)}, say so through
 * {@link #linearPart()}; exponential integrators solve that part exactly and only freeze the remainder r. Dynamics
 * that reverse a noising process say so through {@link #reversal()}: samplers built on the noise schedule (DDIM, EDM,
 * DPM-Solver, restoration–degradation) work from the process and its score instead of the drift.
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

  /** The linear part of the drift, where it has one. */
  default Optional<LinearPart> linearPart() {
    return Optional.empty();
  }

  /** The noising process and score these dynamics reverse, where they reverse one. */
  default Optional<Reversal> reversal() {
    return Optional.empty();
  }

  /**
   * The drift minus its linear part, {@code r(x, t) = b(x, t) - rate(t) x}; the whole drift when there is no linear
   * part. Same ownership rules as {@link #drift}.
   */
  default INDArray remainder(INDArray x, double t) {
    INDArray b = drift(x, t);
    return linearPart().map(l -> b.sub(x.mul(l.rate(t)))).orElse(b);
  }

  /**
   * The drift at the n rows of {@code x} (row-major float64) into {@code out}: what an ODE integrator's loop calls
   * once per stage. The default goes through {@link #drift(INDArray, double)}; dynamics built on a row-array score or
   * model override it to skip the native arrays.
   */
  default void drift(double[] x, int n, double t, double[] out) {
    RowCalls.viaArrays(this, x, n, dim(), rows -> drift(rows, t), out);
  }

  /**
   * The remainder at the n rows of {@code x} (row-major float64) into {@code out}: what a sampler's loop calls once
   * per step. The default goes through {@link #remainder(INDArray, double)}; dynamics built on a row-array score or
   * model override it to skip the native arrays.
   */
  default void remainder(double[] x, int n, double t, double[] out) {
    RowCalls.viaArrays(this, x, n, dim(), rows -> remainder(rows, t), out);
  }

  /**
   * The linear part {@code rate(t) x} of a drift and the exact solution of {@code dY = rate(t) Y dt + g(t) dW} over a
   * step, which exponential integrators need. Implementations give closed forms where they have them.
   */
  interface LinearPart {

    /** rate(t). */
    double rate(double t);

    /** {@code exp(int_t^{t+h} rate)}: the factor by which the linear part carries Y over the step. */
    double growth(double t, double h);

    /**
     * {@code int_t^{t+h} exp(int_u^{t+h} rate) du}: the weight of a remainder held fixed over the step.
     */
    double remainderWeight(double t, double h);

    /**
     * {@code int_t^{t+h} exp(2 int_u^{t+h} rate) g(u)^2 du}: the variance the noise adds over the step under the
     * linear part.
     */
    double noiseVariance(double t, double h);
  }

  /**
   * What the time reversal of a noising process is made of: the process and the score of its marginals. Solver time
   * s runs forwards along the integrator's grid; the process's own time is {@code t = forward.horizon() - s}.
   *
   * @param forward the noising process {@code dX = f(X, t) dt + g(t) dW}
   * @param score {@code grad log p_t(x)} in the process's time t
   */
  record Reversal(ForwardProcess forward, ForwardProcess.ScoreFunction score) {

    /** The process's time at solver time s. */
    public double forwardTime(double s) {
      return forward.horizon() - s;
    }
  }
}
