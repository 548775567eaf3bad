package io.driftkit.control.path;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Clipping;
import io.driftkit.toolkit.HessianVector;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the control v(x, s) is built from the network:
 * {@code v = clip_out(NN(x, s)) + base(s) x + w(s) (clip_score(grad log rho(x)) + refPrecision x)}, where
 * {@code w(s) = (s - s_0) / horizon} when preconditioning is on and 0 otherwise. The base term makes a zero network
 * a sensible start (DIS: the score of the forward marginals of a standard normal); the preconditioning term
 * interpolates in time towards the optimal control at the target end, which each method knows in closed form up
 * to the network's correction.
 *
 * @param base base(s) per grid step (coefficient of x)
 * @param preconditioned whether the target-score term is on
 * @param refPrecision the precision of the reference marginal the score term is taken relative to
 * @param clipOutput clip the network output to [-clipOutput, clipOutput]; 0 for none
 * @param clipScore clip the target score to [-clipScore, clipScore]; 0 for none
 */
public record ControlForm(double[] base, boolean preconditioned, double refPrecision, double clipOutput,
    double clipScore) {

  /** The weight w(s_j) of the target-score term at step j of {@code chain}. */
  public double scoreWeight(PathChain chain, int j) {
    return preconditioned ? (chain.times()[j] - chain.times()[0]) / chain.horizon() : 0;
  }

  /**
   * v(Y_j, s_j) for every row, and where the network output was not clipped (the mask through which its gradient
   * passes; all ones without clipping).
   */
  public Value evaluate(DriftModel model, Target target, PathChain chain, int j, INDArray y) {
    int n = Math.toIntExact(y.size(0));
    long d = y.size(1);
    double[] out = new double[Math.toIntExact(n * d)];
    double[] mask = evaluate(model, target, chain, j, y, Rows.values(y), n, out);
    return new Value(Rows.matrix(out, n, d), mask == null ? null : Rows.matrix(mask, n, d));
  }

  /**
   * v(Y_j, s_j) for the n rows of {@code yv} (row-major), written into {@code out}: a loop that keeps its own
   * buffers calls this, and creates no native array unless the target's score is needed.
   *
   * @param y the same points as an array, or null to have one made when the target's gradient needs it
   * @return where the network output was not clipped (1) or was (0), row-major; null without clipping
   */
  public double[] evaluate(DriftModel model, Target target, PathChain chain, int j, INDArray y, double[] yv, int n,
      double[] out) {
    model.evaluate(yv, n, chain.times()[j], out);
    double[] mask = clipOutput > 0 ? Clipping.mask(out, clipOutput) : null;
    Clipping.clip(out, clipOutput);
    double w = scoreWeight(chain, j);
    if (base[j] == 0 && w == 0) {
      return mask;
    }
    // in Java over the rows: small ND4J ops cost a native allocation each, more than the arithmetic
    int length = n * target.dim();
    double[] score = null;
    if (w != 0) {
      INDArray points = y != null ? y : Rows.matrix(java.util.Arrays.copyOf(yv, length), n, target.dim());
      score = Rows.values(Clipping.clip(target.gradLogDensity(points), clipScore));
    }
    for (int e = 0; e < length; e++) {
      if (base[j] != 0) {
        out[e] += yv[e] * base[j];
      }
      if (w != 0) {
        out[e] += (score[e] + yv[e] * refPrecision) * w;
      }
    }
    return mask;
  }

  /** Whether evaluating v costs a target gradient as well as a network call. */
  public boolean usesTargetScore() {
    return preconditioned;
  }

  /**
   * @param control v at every row
   * @param outputMask 1 where the network's output was inside its clipping range, 0 where clipped; null without
   *     clipping
   */
  public record Value(INDArray control, INDArray outputMask) {}

  /**
   * The part of {@code J_v^T g} that does not come from the network: {@code base g + w (H_rho g + refPrecision g)},
   * with the Hessian–vector product of the target's log density by central finite differences of its gradient
   * (float64; DL4J has no second-order autodiff).
   */
  public INDArray nonNetworkVjp(Target target, PathChain chain, int j, INDArray y, INDArray g) {
    INDArray out = g.mul(base[j]);
    double w = scoreWeight(chain, j);
    if (w == 0) {
      return out;
    }
    INDArray masked = clipScore > 0 ? g.mul(Clipping.mask(target.gradLogDensity(y), clipScore)) : g;
    out.addi(HessianVector.of(target, y, masked).addi(g.mul(refPrecision)).muli(w));
    return out;
  }
}
