package io.driftkit.toolkit.integrate;

import io.driftkit.api.Dynamics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one stepping loop of every explicit Runge–Kutta method: evaluates the stages of a {@link ButcherTableau} and
 * combines them, reusing one stage buffer. Counts drift evaluations.
 */
public final class RungeKuttaStepper {

  private final ButcherTableau tableau;
  private final INDArray[] k;
  private final INDArray stage;
  private long evaluations;

  public RungeKuttaStepper(ButcherTableau tableau, INDArray shape) {
    this.tableau = tableau;
    this.k = new INDArray[tableau.stages()];
    this.stage = shape.ulike();
  }

  /**
   * Evaluates all stages at {@code (x, t)} with step {@code h} and writes the solution of weights {@code b} into
   * {@code out} (which must not be {@code x}).
   *
   * @return the stage derivatives, owned by this stepper; {@code k[0]} is the drift at {@code (x, t)}
   */
  public INDArray[] step(Dynamics dynamics, INDArray x, double t, double h, INDArray out) {
    return step(dynamics, x, t, h, out, null);
  }

  /**
   * As {@link #step(Dynamics, INDArray, double, double, INDArray)}, with the drift at {@code (x, t)} already known
   * (the last stage of a first-same-as-last step, see {@link ButcherTableau#firstSameAsLast()}): it becomes
   * {@code k[0]} without a drift evaluation. Null means evaluate it.
   */
  public INDArray[] step(Dynamics dynamics, INDArray x, double t, double h, INDArray out, INDArray driftAtStart) {
    double[] c = tableau.c();
    double[][] a = tableau.a();
    for (int i = 0; i < k.length; i++) {
      if (i == 0 && driftAtStart != null) {
        k[0] = driftAtStart;
        continue;
      }
      INDArray input = x;
      if (i > 0) {
        stage.assign(x);
        for (int j = 0; j < i; j++) {
          ArrayOps.axpy(h * a[i][j], k[j], stage);
        }
        input = stage;
      }
      k[i] = dynamics.drift(input, t + c[i] * h);
      evaluations++;
    }
    combine(x, h, tableau.b(), out);
    return k;
  }

  /** {@code out = x + h sum_i w_i k_i} with the stages of the last step. */
  public void combine(INDArray x, double h, double[] weights, INDArray out) {
    out.assign(x);
    for (int i = 0; i < k.length; i++) {
      ArrayOps.axpy(h * weights[i], k[i], out);
    }
  }

  public long evaluations() {
    return evaluations;
  }
}
