package io.driftkit.toolkit;

import io.driftkit.api.Target;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-wise Hessian–vector products of a target's log density, {@code H(x_i) g_i}: the target's closed form where it
 * has one ({@link Target#hessianVectorProduct()}), else central differences of its gradient in float64 (DL4J has no
 * second-order autodiff).
 */
public final class HessianVector {

  private HessianVector() {}

  /** {@code H(x_i) g_i} for every row. */
  public static INDArray of(Target target, INDArray x, INDArray g) {
    return target.hessianVectorProduct().map(h -> h.apply(x, g)).orElseGet(() -> byDifferences(target, x, g));
  }

  /**
   * {@code H(x_i) g_i} by central differences of the gradient along {@code g_i / |g_i|}, with a step of 1e-5 relative
   * to {@code |x_i|}: its truncation error falls with the square of the step, its rounding error grows as the step
   * shrinks.
   */
  public static INDArray byDifferences(Target target, INDArray x, INDArray g) {
    INDArray norms = g.norm2(1).reshape(-1, 1);
    INDArray safe = norms.add(1e-300);
    INDArray dir = g.div(safe.broadcast(g.shape()));
    INDArray scale = x.norm2(1).reshape(-1, 1).divi(Math.sqrt(x.size(1))).addi(1).muli(1e-5);
    INDArray step = dir.mul(scale.broadcast(g.shape()));
    INDArray plus = target.gradLogDensity(x.add(step));
    INDArray minus = target.gradLogDensity(x.sub(step));
    return plus.subi(minus).divi(scale.mul(2).broadcast(g.shape())).muli(norms.broadcast(g.shape()));
  }
}
