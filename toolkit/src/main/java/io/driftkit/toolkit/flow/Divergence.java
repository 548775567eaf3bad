package io.driftkit.toolkit.flow;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The divergence {@code div v = sum_i dv_i / dx_i} of a vector field at a batch of points, by central finite
 * differences in float64 (DL4J has no second-order autodiff): exactly (one pair of evaluations per coordinate, 2d
 * calls), or by Hutchinson's estimator {@code E[z^T J z]} with Rademacher probes (two calls per probe), for high
 * dimension. Every call evaluates the field on the whole batch at once.
 */
public final class Divergence {

  /**
   * The default relative step: balances the O(h^2) truncation error of central differences against the round-off
   * of a float64 field (error about 1e-10 relative); a float32 network's outputs carry 1e-7 relative noise, which
   * this step turns into an error of about 1e-7 / 1e-4 = 1e-3 of the field's scale per coordinate.
   */
  public static final double DEFAULT_STEP = 1e-4;

  private Divergence() {}

  /** A time-dependent vector field evaluated on a batch ({@code [n, d]} to {@code [n, d]}). */
  @FunctionalInterface
  public interface Field {
    INDArray at(INDArray x, double t);
  }

  /**
   * The exact divergence of each row, {@code [n]}, with steps {@code step (1 + |x_i|)} per coordinate.
   *
   * @throws IllegalArgumentException for a step that is not positive and finite
   */
  public static double[] exact(Field field, INDArray x, double t, double step) {
    requireStep(step);
    int n = Math.toIntExact(x.size(0));
    int d = Math.toIntExact(x.size(1));
    double[] base = Rows.values(x);
    double[] div = new double[n];
    double[] shifted = new double[base.length];
    double[] h = new double[n];
    for (int i = 0; i < d; i++) {
      for (int r = 0; r < n; r++) {
        h[r] = step * (1 + Math.abs(base[r * d + i]));
      }
      double[] plus = evaluateShifted(field, base, shifted, n, d, i, h, 1, t);
      double[] minus = evaluateShifted(field, base, shifted, n, d, i, h, -1, t);
      for (int r = 0; r < n; r++) {
        div[r] += (plus[r * d + i] - minus[r * d + i]) / (2 * h[r]);
      }
    }
    return div;
  }

  /**
   * Hutchinson's unbiased estimate of each row's divergence, {@code [n]}: the mean over fresh Rademacher vectors z of
   * {@code z . (v(x + h z) - v(x - h z)) / (2h)}. Its variance per probe is {@code 2 sum_{i != j} J_ij^2} for a
   * Jacobian J (smaller than with Gaussian probes); average more probes for less.
   */
  public static double[] hutchinson(Field field, INDArray x, double t, int probes, double step, RandomSource random) {
    return hutchinson(field, x, t, rademacher(probes, x.length(), random), step);
  }

  /** {@code count} Rademacher vectors of {@code length} entries (row-major, as the batch they probe). */
  public static double[][] rademacher(int count, long length, RandomSource random) {
    if (count < 1) {
      throw new IllegalArgumentException("Hutchinson's estimator needs at least one probe, got " + count);
    }
    double[][] z = new double[count][Math.toIntExact(length)];
    for (double[] probe : z) {
      for (int k = 0; k < probe.length; k++) {
        probe[k] = random.nextDouble() < 0.5 ? -1 : 1;
      }
    }
    return z;
  }

  /**
   * Hutchinson's estimate with given probes (each row-major like x): an ODE solver needs the same probes at every
   * evaluation of one solve, so that the augmented dynamics stay deterministic.
   */
  public static double[] hutchinson(Field field, INDArray x, double t, double[][] probes, double step) {
    requireStep(step);
    int n = Math.toIntExact(x.size(0));
    int d = Math.toIntExact(x.size(1));
    double[] base = Rows.values(x);
    double[] div = new double[n];
    double[] moved = new double[base.length];
    for (double[] z : probes) {
      double[] plus = evaluateAlong(field, base, z, moved, n, d, step, t);
      double[] minus = evaluateAlong(field, base, z, moved, n, d, -step, t);
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int i = 0; i < d; i++) {
          int k = r * d + i;
          s += z[k] * (plus[k] - minus[k]);
        }
        div[r] += s / (2 * step) / probes.length;
      }
    }
    return div;
  }

  private static double[] evaluateShifted(Field field, double[] base, double[] shifted, int n, int d, int i,
      double[] h, int sign, double t) {
    System.arraycopy(base, 0, shifted, 0, base.length);
    for (int r = 0; r < n; r++) {
      shifted[r * d + i] += sign * h[r];
    }
    return Rows.values(field.at(Rows.matrix(shifted, n, d), t));
  }

  private static double[] evaluateAlong(Field field, double[] base, double[] z, double[] moved, int n, int d,
      double h, double t) {
    for (int k = 0; k < base.length; k++) {
      moved[k] = base[k] + h * z[k];
    }
    return Rows.values(field.at(Rows.matrix(moved, n, d), t));
  }

  private static void requireStep(double step) {
    if (!(step > 0) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("finite-difference step must be positive and finite, got " + step);
    }
  }
}
