package io.driftkit.sde;

import io.driftkit.toolkit.Rows;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test-only unbiased MMD^2 with a Gaussian kernel of fixed bandwidth (metrics proper live in core.metrics). */
final class Mmd {

  private Mmd() {}

  /** The median pairwise distance of the pooled first 500 rows of a and b: the usual bandwidth heuristic. */
  static double medianBandwidth(INDArray a, INDArray b) {
    double[] x = Rows.values(a);
    double[] y = Rows.values(b);
    int d = (int) a.size(1);
    int m = (int) Math.min(500, Math.min(a.size(0), b.size(0)));
    double[] pooled = new double[2 * m * d];
    System.arraycopy(x, 0, pooled, 0, m * d);
    System.arraycopy(y, 0, pooled, m * d, m * d);
    double[] dist = new double[(2 * m) * (2 * m - 1) / 2];
    int c = 0;
    for (int i = 0; i < 2 * m; i++) {
      for (int j = 0; j < i; j++) {
        dist[c++] = Math.sqrt(sq(pooled, i, pooled, j, d));
      }
    }
    Arrays.sort(dist);
    return dist[dist.length / 2];
  }

  /** Unbiased MMD^2 between the rows of a and b with kernel exp(-|x-y|^2 / (2 h^2)). */
  static double squared(INDArray a, INDArray b, double h) {
    double[] x = Rows.values(a);
    double[] y = Rows.values(b);
    int d = (int) a.size(1);
    int n = (int) a.size(0);
    int m = (int) b.size(0);
    double g = 1 / (2 * h * h);
    double kxx = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        kxx += Math.exp(-g * sq(x, i, x, j, d));
      }
    }
    double kyy = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < i; j++) {
        kyy += Math.exp(-g * sq(y, i, y, j, d));
      }
    }
    double kxy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        kxy += Math.exp(-g * sq(x, i, y, j, d));
      }
    }
    return 2 * kxx / (n * (n - 1.0)) + 2 * kyy / (m * (m - 1.0)) - 2 * kxy / ((double) n * m);
  }

  private static double sq(double[] a, int i, double[] b, int j, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      double diff = a[i * d + k] - b[j * d + k];
      s += diff * diff;
    }
    return s;
  }
}
