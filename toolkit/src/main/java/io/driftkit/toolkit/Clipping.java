package io.driftkit.toolkit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Element-wise clipping to [-c, c] and its mask, the derivative a backward pass multiplies by. */
public final class Clipping {

  private Clipping() {}

  /** A copy of v clipped element-wise to [-c, c]; v itself when c is 0 (no clipping). */
  public static INDArray clip(INDArray v, double c) {
    if (c <= 0) {
      return v;
    }
    double[] a = Rows.values(v);
    clip(a, c);
    return Rows.matrix(a, v.size(0), v.size(1));
  }

  /** Clips the entries of v to [-c, c] in place; no change when c is 0. */
  public static void clip(double[] v, double c) {
    if (c <= 0) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(-c, Math.min(c, v[i]));
    }
  }

  /** 1 where |v| is at most c, 0 where it was clipped (all ones when c is 0). */
  public static INDArray mask(INDArray v, double c) {
    if (c <= 0) {
      return Nd4j.onesLike(v);
    }
    return Rows.matrix(mask(Rows.values(v), c), v.size(0), v.size(1));
  }

  /** As {@link #mask(INDArray, double)} over plain values (a new array). */
  public static double[] mask(double[] v, double c) {
    double[] a = new double[v.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = c <= 0 || Math.abs(v[i]) <= c ? 1 : 0;
    }
    return a;
  }
}
