package io.driftkit.toolkit.flow;

import io.driftkit.api.Dynamics;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The instantaneous change of variables as an ODE any ODE integrator can solve: for {@code dx/ds = v(x, s)} the
 * state {@code [x, l]} ({@code [n, d + 1]}) with {@code dl/ds = div v(x, s)}. Along a solution the densities of the
 * pushed-forward law satisfy {@code log p_S(x_S) = log p_0(x_0) - (l_S - l_0)}, so a likelihood at one end follows
 * from the density at the other.
 * The divergence is exact (finite differences, 2d field evaluations per drift call) or Hutchinson's estimate with
 * probes fixed for the whole solve.
 */
public final class LogDensityFlow implements Dynamics {

  private final Divergence.Field field;
  private final int dim;
  private final double step;
  private final double[][] probes;

  /**
   * @param probes null for the exact divergence, else Hutchinson's probes (row-major over the batch to be solved)
   */
  public LogDensityFlow(Divergence.Field field, int dim, double step, double[][] probes) {
    this.field = field;
    this.dim = dim;
    this.step = step;
    this.probes = probes;
  }

  /** {@code [x, 0]}: a batch with a zeroed accumulator column. */
  public static INDArray augment(INDArray x) {
    int n = Math.toIntExact(x.size(0));
    int d = Math.toIntExact(x.size(1));
    double[] v = Rows.values(x);
    double[] out = new double[n * (d + 1)];
    for (int r = 0; r < n; r++) {
      System.arraycopy(v, r * d, out, r * (d + 1), d);
    }
    return Rows.matrix(out, n, d + 1);
  }

  /** The x part of an augmented batch. */
  public static INDArray state(INDArray augmented) {
    int n = Math.toIntExact(augmented.size(0));
    int d = Math.toIntExact(augmented.size(1)) - 1;
    double[] v = Rows.values(augmented);
    double[] out = new double[n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(v, r * (d + 1), out, r * d, d);
    }
    return Rows.matrix(out, n, d);
  }

  /** The accumulated {@code int div v ds} of each row. */
  public static double[] integratedDivergence(INDArray augmented) {
    int n = Math.toIntExact(augmented.size(0));
    int w = Math.toIntExact(augmented.size(1));
    double[] v = Rows.values(augmented);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = v[r * w + w - 1];
    }
    return out;
  }

  @Override
  public int dim() {
    return dim + 1;
  }

  @Override
  public INDArray drift(INDArray augmented, double s) {
    INDArray x = state(augmented);
    int n = Math.toIntExact(x.size(0));
    double[] v = Rows.values(field.at(x, s));
    double[] div = probes == null ? Divergence.exact(field, x, s, step) : Divergence.hutchinson(field, x, s, probes,
        step);
    double[] out = new double[n * (dim + 1)];
    for (int r = 0; r < n; r++) {
      System.arraycopy(v, r * dim, out, r * (dim + 1), dim);
      out[r * (dim + 1) + dim] = div[r];
    }
    return Rows.matrix(out, n, dim + 1);
  }

  @Override
  public double diffusion(double s) {
    return 0;
  }
}
