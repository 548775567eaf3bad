package io.driftkit.core.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba) on a flat float64 parameter vector, with bias correction. Holds the master copy of the
 * parameters in float64 so a float32 model loses nothing between steps, and its whole state can be checkpointed.
 */
final class Adam {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  final INDArray theta;
  final INDArray m;
  final INDArray v;
  long t;
  private final INDArray scratch;

  Adam(INDArray initial, double beta1, double beta2, double epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.theta = initial.castTo(DataType.DOUBLE).dup().reshape(initial.length());
    this.m = Nd4j.zeros(DataType.DOUBLE, theta.length());
    this.v = Nd4j.zeros(DataType.DOUBLE, theta.length());
    this.scratch = Nd4j.zeros(DataType.DOUBLE, theta.length());
  }

  /**
   * One update with gradient g (not modified) and learning rate lr. Every operation is in place: a temporary per
   * operation is native memory that only a garbage collection frees, and G1 collects rarely.
   */
  void step(INDArray g, double lr) {
    t++;
    INDArray grad = g.reshape(theta.length());
    m.muli(beta1).addi(scratch.assign(grad).muli(1 - beta1));
    scratch.assign(grad).muli(grad).muli(1 - beta2);
    v.muli(beta2).addi(scratch);
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    // theta -= lr * (m / c1) / (sqrt(v / c2) + eps)
    Transforms.sqrt(scratch.assign(v).divi(c2), false).addi(epsilon);
    theta.subi(scratch.rdivi(m).muli(lr / c1));
  }
}
