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
  private INDArray stage;
  private long evaluations;

  /** A stepper for arrays shaped like {@code shape}. */
  public RungeKuttaStepper(ButcherTableau tableau, INDArray shape) {
    this(tableau);
    this.stage = shape.ulike();
  }

  /** A stepper for row arrays ({@link #rowStages}); its array step makes its stage buffer on first use. */
  public RungeKuttaStepper(ButcherTableau tableau) {
    this.tableau = tableau;
    this.k = new INDArray[tableau.stages()];
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
        if (stage == null) {
          stage = x.ulike();
        }
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

  /**
   * The same step on row arrays ({@code n} rows of {@code x}, row-major float64), through the dynamics' row-array
   * drift: no native array per stage. The stage derivatives live in {@code rows}, reused from step to step.
   *
   * @return the stage derivatives; {@code k[0]} is the drift at {@code (x, t)}
   */
  public double[][] step(Dynamics dynamics, double[] x, int n, double t, double h, double[] out, RowStages rows) {
    return step(dynamics, x, n, t, h, out, rows, null);
  }

  /**
   * As {@link #step(Dynamics, double[], int, double, double, double[], RowStages)}, with the drift at {@code (x, t)}
   * already known (first same as last): it is copied into {@code k[0]} without a drift evaluation. Null means
   * evaluate it.
   */
  public double[][] step(Dynamics dynamics, double[] x, int n, double t, double h, double[] out, RowStages rows,
      double[] driftAtStart) {
    double[] c = tableau.c();
    double[][] a = tableau.a();
    double[][] k = rows.k;
    for (int i = 0; i < k.length; i++) {
      if (i == 0 && driftAtStart != null) {
        System.arraycopy(driftAtStart, 0, k[0], 0, driftAtStart.length);
        continue;
      }
      double[] input = x;
      if (i > 0) {
        input = rows.stage;
        System.arraycopy(x, 0, input, 0, x.length);
        for (int j = 0; j < i; j++) {
          ArrayOps.axpy(h * a[i][j], k[j], input);
        }
      }
      dynamics.drift(input, n, t + c[i] * h, k[i]);
      evaluations++;
    }
    combine(x, h, tableau.b(), out, rows);
    return k;
  }

  /** {@code out = x + h sum_i w_i k_i} with the row-array stages of the last step. */
  public void combine(double[] x, double h, double[] weights, double[] out, RowStages rows) {
    System.arraycopy(x, 0, out, 0, x.length);
    for (int i = 0; i < rows.k.length; i++) {
      ArrayOps.axpy(h * weights[i], rows.k[i], out);
    }
  }

  /** The row-array stage buffers of a stepper: one derivative per stage and the stage input. */
  public RowStages rowStages(int length) {
    return new RowStages(tableau.stages(), length);
  }

  /** Stage buffers for {@link #step(Dynamics, double[], int, double, double, double[], RowStages)}. */
  public static final class RowStages {
    private final double[][] k;
    private final double[] stage;

    private RowStages(int stages, int length) {
      this.k = new double[stages][length];
      this.stage = new double[length];
    }
  }

  public long evaluations() {
    return evaluations;
  }
}
