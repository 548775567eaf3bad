package io.driftkit.api.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between {@code [n, d]} arrays and row-major Java arrays, for code that loops in Java. */
public final class Rows {

  private Rows() {}

  /** The entries of {@code x} in row-major order as float64 (a copy). */
  public static double[] values(INDArray x) {
    INDArray c = x.dataType() == DataType.DOUBLE && x.ordering() == 'c' && !x.isView() ? x
        : x.castTo(DataType.DOUBLE).dup('c');
    return c.data().asDouble();
  }

  /** A {@code [n, d]} float64 array holding {@code values} in row-major order. */
  public static INDArray matrix(double[] values, long n, long d) {
    return Nd4j.createFromArray(values).reshape('c', n, d);
  }

  /** A {@code [n]} float64 vector. */
  public static INDArray vector(double[] values) {
    return Nd4j.createFromArray(values);
  }

  /** log(sum(exp(v))) computed without overflow; -infinity for an empty or all -infinity input. */
  public static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
      return max;
    }
    double sum = 0;
    for (double x : v) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }
}
