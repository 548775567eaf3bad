package io.driftkit.core.metrics;

import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A sample set as a row-major float64 array with its shape: the form every metric loops over. */
record Samples(double[] v, int n, int d) {

  static Samples of(INDArray x, String what) {
    if (x == null || x.rank() != 2 || x.size(0) == 0) {
      throw new IllegalArgumentException(what + " must be a non-empty [n, d] array, got "
          + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
    }
    return new Samples(Rows.values(x), (int) x.size(0), (int) x.size(1));
  }

  static void sameDim(Samples a, Samples b) {
    if (a.d != b.d) {
      throw new IllegalArgumentException("sample sets differ in dimension: " + a.d + " vs " + b.d);
    }
  }

  /** |a_i - b_j|^2. */
  static double squaredDistance(Samples a, int i, Samples b, int j) {
    double s = 0;
    int oa = i * a.d;
    int ob = j * b.d;
    for (int k = 0; k < a.d; k++) {
      double t = a.v[oa + k] - b.v[ob + k];
      s += t * t;
    }
    return s;
  }
}
