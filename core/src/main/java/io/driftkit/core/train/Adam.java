package io.driftkit.core.train;

import io.driftkit.toolkit.Rows;
import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba) on a flat float64 parameter vector, with bias correction. Holds the master copy of the
 * parameters in float64 so a float32 model loses nothing between steps, and its whole state can be checkpointed.
 *
 * <p>The update is one Java loop over the entries: as ND4J operations it was six calls over ten thousand entries,
 * each of which ND4J splits over its thread pool (which a program cannot shrink) and some of which left a native
 * temporary for the collector; the arithmetic, operation by operation, is the same.
 */
final class Adam {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  /** The parameters, updated in place (the model reads them from this array). */
  final INDArray theta;
  final double[] m;
  final double[] v;
  long t;
  private double[] gradient;

  Adam(INDArray initial, double beta1, double beta2, double epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.theta = initial.castTo(DataType.DOUBLE).dup('c').reshape(initial.length());
    int n = Math.toIntExact(theta.length());
    this.m = new double[n];
    this.v = new double[n];
    this.gradient = new double[n];
  }

  /** One update with gradient g (not modified) and learning rate lr. */
  void step(INDArray g, double lr) {
    t++;
    gradient = Rows.values(g, gradient);
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    double step = lr / c1;
    DoubleBuffer th = theta.data().asNioDouble();
    for (int i = 0; i < m.length; i++) {
      double gi = gradient[i];
      m[i] = m[i] * beta1 + gi * (1 - beta1);
      v[i] = v[i] * beta2 + gi * gi * (1 - beta2);
      // theta -= lr * (m / c1) / (sqrt(v / c2) + eps)
      th.put(i, th.get(i) - m[i] / (Math.sqrt(v[i] / c2) + epsilon) * step);
    }
    Reference.reachabilityFence(theta);
  }
}
