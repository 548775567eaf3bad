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
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.max(-c, Math.min(c, a[i]));
    }
    return Rows.matrix(a, v.size(0), v.size(1));
  }

  /** 1 where |v| is at most c, 0 where it was clipped (all ones when c is 0). */
  public static INDArray mask(INDArray v, double c) {
    if (c <= 0) {
      return Nd4j.onesLike(v);
    }
    double[] a = Rows.values(v);
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.abs(a[i]) <= c ? 1 : 0;
    }
    return Rows.matrix(a, v.size(0), v.size(1));
  }
}
