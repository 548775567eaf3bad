package io.driftkit.toolkit.integrate;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** In-place array updates for integrator hot loops: no temporaries where BLAS can do the work. */
public final class ArrayOps {

  private ArrayOps() {}

  /** {@code y += a x}, in place. */
  public static void axpy(double a, INDArray x, INDArray y) {
    if (a == 0) {
      return;
    }
    if (x.dataType() == y.dataType() && x.ordering() == y.ordering() && !x.isView() && !y.isView()) {
      Nd4j.getBlasWrapper().level1().axpy(y.length(), a, x, y);
    } else {
      y.addi(x.castTo(y.dataType()).mul(a));
    }
  }

  /** {@code y += a x} on row arrays of equal length, in place; like the array form it leaves y alone when a = 0. */
  public static void axpy(double a, double[] x, double[] y) {
    if (a == 0) {
      return;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  /** A fresh float64 c-ordered copy (the integrators' working precision). */
  public static INDArray workingCopy(INDArray x) {
    return x.castTo(DataType.DOUBLE).dup('c');
  }
}
