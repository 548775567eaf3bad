package io.driftkit.core.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact 2-Wasserstein distances between empirical measures (uniform weights): in 1-D by matching quantile
 * functions (sorting; any two sizes), in any dimension for two sets of equal size by solving the assignment
 * problem exactly (Hungarian algorithm with potentials, O(n^3): about a second for n = 1000).
 */
public final class Wasserstein {

  private Wasserstein() {}

  /**
   * W2 between the empirical measures of two 1-D samples: {@code sqrt(int_0^1 |F^-1(u) - G^-1(u)|^2 du)},
   * integrated exactly over the merged breakpoints of the two step quantile functions.
   */
  public static double w2OneDimensional(double[] x, double[] y) {
    if (x.length == 0 || y.length == 0) {
      throw new IllegalArgumentException("W2 needs non-empty samples");
    }
    double[] a = x.clone();
    double[] b = y.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    int n = a.length;
    int m = b.length;
    double total = 0;
    int i = 0;
    int j = 0;
    double u = 0;
    while (i < n && j < m) {
      // the next breakpoint is min((i + 1) / n, (j + 1) / m); compare as integers to avoid drift
      long lhs = (long) (i + 1) * m;
      long rhs = (long) (j + 1) * n;
      double next = lhs <= rhs ? (double) (i + 1) / n : (double) (j + 1) / m;
      double diff = a[i] - b[j];
      total += (next - u) * diff * diff;
      u = next;
      if (lhs <= rhs) {
        i++;
      }
      if (rhs <= lhs) {
        j++;
      }
    }
    return Math.sqrt(total);
  }

  /** W2 between two equal-size samples ({@code [n, d]} each) by exact optimal assignment. */
  public static double w2Exact(INDArray x, INDArray y) {
    Samples a = Samples.of(x, "x");
    Samples b = Samples.of(y, "y");
    Samples.sameDim(a, b);
    if (a.n() != b.n()) {
      throw new IllegalArgumentException("exact W2 by assignment needs equal sample sizes, got " + a.n() + " and "
          + b.n() + " (subsample the larger one)");
    }
    int n = a.n();
    double[][] cost = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        cost[i][j] = Samples.squaredDistance(a, i, b, j);
      }
    }
    int[] match = assignment(cost);
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += cost[i][match[i]];
    }
    return Math.sqrt(total / n);
  }

  /**
   * Minimum-cost perfect matching of a square cost matrix (Hungarian algorithm with row and column potentials,
   * the O(n^3) shortest-augmenting-path form). Returns {@code match[row] = column}.
   */
  static int[] assignment(double[][] cost) {
    int n = cost.length;
    double[] u = new double[n + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1];
    int[] way = new int[n + 1];
    double[] minv = new double[n + 1];
    boolean[] used = new boolean[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        double[] row = cost[i0 - 1];
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double cur = row[j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] match = new int[n];
    for (int j = 1; j <= n; j++) {
      match[p[j] - 1] = j - 1;
    }
    return match;
  }
}
