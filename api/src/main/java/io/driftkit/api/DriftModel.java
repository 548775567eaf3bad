package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A time-dependent vector field {@code v(x, t)}: a learned control, score or velocity, an exact oracle, or zero.
 * Learnable models also implement {@link LearnableDriftModel}.
 */
public interface DriftModel {

  /** The dimension d of inputs and outputs. */
  int dim();

  /** v(x, t) for every row at one time ({@code [n, d]} to a fresh {@code [n, d]} float64 array). */
  INDArray evaluate(INDArray x, double t);

  /**
   * v(x_i, t_i) with a time per row ({@code t} is {@code [n]}): lets a caller evaluate all time steps of a
   * trajectory in one call.
   */
  INDArray evaluate(INDArray x, INDArray t);

  /**
   * v(x_i, t) for the n rows of {@code x} (row-major float64, n d entries) into {@code out}: what a sampler's loop
   * calls once per step. The default goes through {@link #evaluate(INDArray, double)}; a model that computes in Java
   * overrides it to skip the native arrays, two per call, which ND4J frees only after a garbage collection.
   *
   * @throws IllegalStateException when {@link #evaluate(INDArray, double)} returns another shape than {@code [n, d]}
   */
  default void evaluate(double[] x, int n, double t, double[] out) {
    RowCalls.viaArrays(this, x, n, dim(), rows -> evaluate(rows, t), out);
  }

  /**
   * What the output is when the model fixes it by construction (an exact score oracle gives the score), or empty for
   * a model that predicts whatever its loss trains: a method that reads the output in one parametrisation refuses a
   * model fixed to another instead of converting the wrong thing.
   */
  default java.util.Optional<Prediction> fixedPrediction() {
    return java.util.Optional.empty();
  }
}
