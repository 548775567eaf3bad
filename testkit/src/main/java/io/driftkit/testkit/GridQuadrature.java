package io.driftkit.testkit;

import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;

/**
 * The trapezoid rule for a 1- or 2-dimensional target's density over a box, with its first and second moments.
 * For a smooth density that is negligible on the box's edges the rule converges faster than any power of the spacing
 * (Trefethen and Weideman, SIAM Review 56, 2014), so the result on the grid and on every other point of it agree to
 * far below the tolerances used; their difference and the density on the edges are reported so that a caller can
 * check both instead of trusting the box. Works in log space: only density ratios are exponentiated.
 */
public final class GridQuadrature {

  /**
   * @param logZ log of the integral of exp(log density) over the box
   * @param logZHalfGrid the same with every other grid point (twice the spacing)
   * @param edgeMass an upper bound of the mass fraction within one spacing of the edges: the largest density on the
   *     edges relative to Z, times the box's area (a tail beyond the box that decays is of the same order)
   * @param mean E[x_i]
   * @param second E[x_i x_j]
   */
  public record Result(double logZ, double logZHalfGrid, double edgeMass, double[] mean, double[][] second) {}

  private GridQuadrature() {}

  /**
   * Integrates over {@code [lo_0, hi_0] x [lo_1, hi_1]} (d = 2) or {@code [lo_0, hi_0]} (d = 1) with
   * {@code intervals} (even) intervals per axis.
   */
  public static Result integrate(Target target, double[] lo, double[] hi, int intervals) {
    int d = target.dim();
    if (d < 1 || d > 2 || lo.length != d || hi.length != d) {
      throw new IllegalArgumentException("grid quadrature is for d = 1 or 2 and a box of that dimension, got d = "
          + d);
    }
    if (intervals < 2 || intervals % 2 != 0) {
      throw new IllegalArgumentException("intervals must be even and >= 2, got " + intervals);
    }
    int m = intervals + 1;
    double[] h = new double[d];
    for (int i = 0; i < d; i++) {
      h[i] = (hi[i] - lo[i]) / intervals;
    }
    int lines = d == 1 ? 1 : m;
    double[][] logp = new double[lines][];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < lines; a++) {
      double[] pts = new double[m * d];
      for (int b = 0; b < m; b++) {
        pts[b * d] = lo[0] + b * h[0];
        if (d == 2) {
          pts[b * d + 1] = lo[1] + a * h[1];
        }
      }
      logp[a] = Rows.values(target.logDensity(Rows.matrix(pts, m, d)));
      for (double v : logp[a]) {
        max = Math.max(max, v);
      }
    }
    double z = 0;
    double zHalf = 0;
    double edge = 0;
    double[] mean = new double[d];
    double[][] second = new double[d][d];
    for (int a = 0; a < lines; a++) {
      for (int b = 0; b < m; b++) {
        double p = Math.exp(logp[a][b] - max);
        double w = weight(b, m) * (d == 2 ? weight(a, m) : 1);
        double[] x = d == 1 ? new double[] {lo[0] + b * h[0]}
            : new double[] {lo[0] + b * h[0], lo[1] + a * h[1]};
        z += w * p;
        if (b % 2 == 0 && a % 2 == 0) {
          zHalf += weight(b / 2, intervals / 2 + 1) * (d == 2 ? weight(a / 2, intervals / 2 + 1) : 1) * p;
        }
        boolean onEdge = b == 0 || b == m - 1 || (d == 2 && (a == 0 || a == m - 1));
        if (onEdge) {
          edge = Math.max(edge, p);
        }
        for (int i = 0; i < d; i++) {
          mean[i] += w * p * x[i];
          for (int j = 0; j < d; j++) {
            second[i][j] += w * p * x[i] * x[j];
          }
        }
      }
    }
    double cell = 1;
    double area = 1;
    for (int i = 0; i < d; i++) {
      cell *= h[i];
      area *= hi[i] - lo[i];
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= z;
      for (int j = 0; j < d; j++) {
        second[i][j] /= z;
      }
    }
    double logZ = max + Math.log(z * cell);
    double logZHalf = max + Math.log(zHalf * cell * (1 << d));
    return new Result(logZ, logZHalf, edge * area / (z * cell), mean, second);
  }

  private static double weight(int i, int points) {
    return i == 0 || i == points - 1 ? 0.5 : 1;
  }
}
