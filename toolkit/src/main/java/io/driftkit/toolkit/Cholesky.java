package io.driftkit.toolkit;

/**
 * Cholesky factors of small dense symmetric positive-definite matrices ({@code A = L L^T}) and the triangular
 * solves that go with them, on plain arrays: the covariances of driftkit's mixtures are d x d with small d.
 */
public final class Cholesky {

  private Cholesky() {}

  /**
   * The lower-triangular factor L of {@code a}.
   *
   * @param what how to name the matrix if it is not positive definite
   * @throws IllegalArgumentException when it is not
   */
  public static double[][] factor(double[][] a, String what) {
    int d = a.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException(what + " is not positive definite");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  /** log det A = 2 sum log L_ii. */
  public static double logDet(double[][] l) {
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      s += 2 * Math.log(l[i][i]);
    }
    return s;
  }

  /** Solves {@code L w = v} into w and returns {@code |w|^2 = v^T A^-1 v}. */
  public static double forward(double[][] l, double[] v, double[] w) {
    double quad = 0;
    for (int i = 0; i < v.length; i++) {
      double s = v[i];
      for (int j = 0; j < i; j++) {
        s -= l[i][j] * w[j];
      }
      w[i] = s / l[i][i];
      quad += w[i] * w[i];
    }
    return quad;
  }

  /** Solves {@code L^T y = w} into y; after {@link #forward} this gives {@code y = A^-1 v}. */
  public static void backward(double[][] l, double[] w, double[] y) {
    for (int i = w.length - 1; i >= 0; i--) {
      double s = w[i];
      for (int j = i + 1; j < w.length; j++) {
        s -= l[j][i] * y[j];
      }
      y[i] = s / l[i][i];
    }
  }
}
