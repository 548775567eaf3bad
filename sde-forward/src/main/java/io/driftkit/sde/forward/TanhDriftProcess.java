package io.driftkit.sde.forward;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A forward process with additive noise and a non-linear drift, {@code dX = -(s^2 / w) tanh(X / w) dt + s dW} per
 * coordinate: an Ornstein–Uhlenbeck pull of rate (s/w)^2 near the origin that saturates to a constant speed s^2/w
 * beyond |x| ~ w, so far-out mass drifts in linearly rather than exponentially. It is the gradient flow of
 * {@code U = s^2 log cosh(x / w)}, whose stationary law {@code exp(-2U / s^2) = sech(x / w)^2} is the logistic
 * distribution with scale w/2: the prior, sampled exactly by inverting its distribution function. No closed-form
 * marginals; its exact scores come from the Fokker–Planck equation ({@code oracle-fp-score}).
 */
public final class TanhDriftProcess implements ForwardProcess {

  private final double scale;
  private final double width;
  private final double horizon;

  public TanhDriftProcess(double scale, double width, double horizon) {
    if (!(scale > 0) || !(width > 0) || !(horizon > 0) || !Double.isFinite(horizon)) {
      throw new IllegalArgumentException("the tanh process needs scale, width and horizon > 0, got " + scale + ", "
          + width + ", " + horizon);
    }
    this.scale = scale;
    this.width = width;
    this.horizon = horizon;
  }

  @Override
  public double horizon() {
    return horizon;
  }

  @Override
  public INDArray drift(INDArray x, double t) {
    return Transforms.tanh(x.div(width), false).muli(-scale * scale / width);
  }

  /** div f = -(s^2 / w^2) sum_i sech^2(x_i / w), exact (the Fokker-Planck residual needs it). */
  @Override
  public java.util.Optional<DriftDivergence> driftDivergence() {
    return java.util.Optional.of((x, t) -> {
      INDArray th = Transforms.tanh(x.div(width), false);
      INDArray sech2 = th.mul(th).rsubi(1);
      return sech2.sum(1).muli(-scale * scale / (width * width)).reshape(-1);
    });
  }

  @Override
  public double diffusion(double t) {
    return scale;
  }

  @Override
  public Prior prior(int dim) {
    return new LogisticPrior(dim, width);
  }

  /** Independent logistic coordinates with scale w/2: density {@code sech(x / w)^2 / (2 w)} each. */
  static final class LogisticPrior implements Prior {
    private final int dim;
    private final double width;

    LogisticPrior(int dim, double width) {
      this.dim = dim;
      this.width = width;
    }

    @Override
    public INDArray sample(int n, RandomSource random) {
      double[] v = new double[n * dim];
      for (int i = 0; i < v.length; i++) {
        double u;
        do {
          u = random.nextDouble();
        } while (u == 0);
        v[i] = 0.5 * width * Math.log(u / (1 - u));
      }
      return Rows.matrix(v, n, dim);
    }

    @Override
    public INDArray logDensity(INDArray x) {
      double[] v = Rows.values(x);
      int n = v.length / dim;
      double[] out = new double[n];
      double norm = -Math.log(2 * width);
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
          double y = Math.abs(v[r * dim + i] / width);
          // log cosh y = y + log1p(e^-2y) - log 2, without overflow
          s += norm - 2 * (y + Math.log1p(Math.exp(-2 * y)) - Math.log(2));
        }
        out[r] = s;
      }
      return Rows.vector(out);
    }
  }
}
