package io.driftkit.api;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The default of the SPIs' row-array calls: through the array call, for implementations that only have that. */
final class RowCalls {

  private RowCalls() {}

  /**
   * {@code out = f(x)} for the n rows of dimension d of {@code x} (row-major float64), with one bulk copy each way.
   *
   * @throws IllegalStateException naming {@code owner} when f returns another shape than {@code [n, d]}
   */
  static void viaArrays(Object owner, double[] x, int n, int d, UnaryOperator<INDArray> f, double[] out) {
    int length = n * d;
    INDArray in = length == 0 ? Nd4j.create(DataType.DOUBLE, n, d) : Nd4j.createUninitialized(DataType.DOUBLE, n, d);
    if (length > 0) {
      in.data().asNioDouble().put(x, 0, length);
    }
    INDArray v = f.apply(in);
    if (v.rank() != 2 || v.size(0) != n || v.size(1) != d) {
      throw new IllegalStateException(owner.getClass().getSimpleName() + " returned " + Arrays.toString(v.shape())
          + " for " + n + " rows of dimension " + d);
    }
    INDArray c = v.dataType() == DataType.DOUBLE && v.ordering() == 'c' && !v.isView() ? v
        : v.castTo(DataType.DOUBLE).dup('c');
    if (length > 0) {
      c.data().asNioDouble().get(out, 0, length);
    }
    Reference.reachabilityFence(c);
    Reference.reachabilityFence(in);
  }
}
