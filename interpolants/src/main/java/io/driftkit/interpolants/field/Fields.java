package io.driftkit.interpolants.field;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two fields an interpolant's generative dynamics need at one time: the velocity b and, where available, the
 * score s (forward SDE {@code dX = (b + eps s) dt + sqrt(2 eps) dW}; backward SDE with {@code b - eps s}).
 */
public interface Fields {

  /** The state dimension d. */
  int dim();

  /** Whether {@link #evaluate} can return a score. */
  boolean hasScore();

  /**
   * {@code {b, s}} at every row of {@code x} ({@code [n, d]}) at time t; s is null unless {@code withScore}.
   *
   * @throws IllegalStateException when a score is asked of fields without one
   */
  INDArray[] evaluate(INDArray x, double t, boolean withScore);

  /** The fields of the time-reversed interpolant (t to 1 - t, x0 and x1 swapped): b(x, 1 - t) negated, same score. */
  default Fields reversed() {
    Fields forward = this;
    return new Fields() {
      @Override
      public int dim() {
        return forward.dim();
      }

      @Override
      public boolean hasScore() {
        return forward.hasScore();
      }

      @Override
      public INDArray[] evaluate(INDArray x, double t, boolean withScore) {
        INDArray[] f = forward.evaluate(x, 1 - t, withScore);
        f[0].negi();
        return f;
      }

      @Override
      public Fields reversed() {
        return forward;
      }
    };
  }
}
