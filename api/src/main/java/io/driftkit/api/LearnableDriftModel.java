package io.driftkit.api;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A drift model with parameters theta, flattened into one vector. The backward pass turns a gradient with respect to
 * the output into gradients with respect to the parameters and to the input; the input gradient is what
 * backpropagation through a simulated SDE needs.
 */
public interface LearnableDriftModel extends DriftModel {

  /** The number of scalar parameters. */
  long parameterCount();

  /** A copy of the parameters as a flat float64 vector. */
  INDArray parameters();

  /** Replaces the parameters by a flat vector of length {@link #parameterCount()}. */
  void setParameters(INDArray flat);

  /**
   * Vector–Jacobian products at {@code (x, t)} (a time per row): with {@code outputGradient} = dL/dv of shape
   * {@code [n, d]}, returns dL/dtheta (flat, float64) and dL/dx ({@code [n, d]}, float64), fresh arrays the caller
   * may modify.
   */
  Gradients backward(INDArray x, INDArray t, INDArray outputGradient);

  /**
   * dL/dtheta alone, for callers that do not backpropagate into x (the log-variance loss); models whose input
   * gradient is costly (e.g. needs a Hessian–vector product) skip it here. A fresh array the caller may modify.
   */
  default INDArray parameterGradient(INDArray x, INDArray t, INDArray outputGradient) {
    return backward(x, t, outputGradient).parameters();
  }

  /** Writes parameters and the configuration that shaped them. */
  void save(Path file) throws IOException;

  /**
   * Reads parameters written by {@link #save}.
   *
   * @throws IllegalArgumentException when the file holds a model of another shape
   */
  void load(Path file) throws IOException;

  /** Gradients of a scalar with respect to parameters and inputs. */
  record Gradients(INDArray parameters, INDArray input) {}
}
