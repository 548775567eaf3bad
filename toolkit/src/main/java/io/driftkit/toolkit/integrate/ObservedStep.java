package io.driftkit.toolkit.integrate;

import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A step computed on row arrays, shown to observers in reused {@code [n, d]} arrays (a loop makes one only when it
 * has observers). What an observer writes into the next state is copied back.
 */
public final class ObservedStep {

  private final INDArray state;
  private final INDArray next;
  private final INDArray drift;
  private final INDArray noise;

  public ObservedStep(int n, int d) {
    state = Nd4j.createUninitialized(DataType.DOUBLE, n, d);
    next = state.ulike();
    drift = state.ulike();
    noise = state.ulike();
  }

  /**
   * Shows step k to the observer and copies its changes of the next state back into {@code nextValues}.
   *
   * @param z the standard-normal increment, or null for an ODE step
   */
  public void show(StepObserver observer, int k, double t, double h, double diffusion, double[] x,
      double[] nextValues, double[] driftValues, double[] z) {
    Rows.fill(state, x);
    Rows.fill(next, nextValues);
    Rows.fill(drift, driftValues);
    if (z != null) {
      Rows.fill(noise, z);
    }
    observer.onStep(new Step(k, t, h, state, next, drift, diffusion, z == null ? null : noise));
    Rows.values(next, nextValues);
  }
}
