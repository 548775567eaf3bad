package io.driftkit.testkit;

import io.driftkit.api.Dynamics;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reference problems with known solutions. */
public final class TestProblems {

  private TestProblems() {}

  /** A problem on [0, T] with its exact solution at T for a batch of initial values. */
  public interface Problem extends Dynamics {
    double horizon();

    INDArray initial();

    INDArray exact();
  }

  /** x' = A x with A = [[-1/2, 1], [-1, -1/2]]: x(t) = e^{-t/2} R(-t) x0 (a damped rotation). */
  public static Problem dampedRotation() {
    INDArray at = Nd4j.createFromArray(new double[][] {{-0.5, -1}, {1, -0.5}}); // A transposed, rows act on x
    INDArray x0 = Nd4j.createFromArray(new double[][] {{1, 0}, {0.3, -2}, {-1.5, 0.7}});
    double horizon = 2;
    return new Problem() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return x.mmul(at);
      }

      @Override
      public double diffusion(double t) {
        return 0;
      }

      @Override
      public double horizon() {
        return horizon;
      }

      @Override
      public INDArray initial() {
        return x0.dup();
      }

      @Override
      public INDArray exact() {
        double c = Math.cos(horizon);
        double s = Math.sin(horizon);
        double decay = Math.exp(-0.5 * horizon);
        double[][] v = x0.toDoubleMatrix();
        double[][] out = new double[v.length][2];
        for (int i = 0; i < v.length; i++) {
          out[i][0] = decay * (c * v[i][0] + s * v[i][1]);
          out[i][1] = decay * (-s * v[i][0] + c * v[i][1]);
        }
        return Nd4j.createFromArray(out);
      }
    };
  }

  /** The non-linear, time-dependent x' = -2 t x^2: x(t) = 1 / (1/x0 + t^2). */
  public static Problem riccati() {
    double[] starts = {0.5, 1, 2};
    double horizon = 2;
    return new Problem() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return x.mul(x).muli(-2 * t);
      }

      @Override
      public double diffusion(double t) {
        return 0;
      }

      @Override
      public double horizon() {
        return horizon;
      }

      @Override
      public INDArray initial() {
        return Nd4j.createFromArray(starts).reshape(starts.length, 1);
      }

      @Override
      public INDArray exact() {
        double[] out = new double[starts.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = 1 / (1 / starts[i] + horizon * horizon);
        }
        return Nd4j.createFromArray(out).reshape(out.length, 1);
      }
    };
  }

  /**
   * Ornstein–Uhlenbeck dX = -theta X dt + s dW. Its drift is all linear part ({@link Dynamics#linearPart()}, with the
   * closed-form step solution), so exponential integrators are checked on it too.
   */
  public static Dynamics ornsteinUhlenbeck(double theta, double s) {
    Dynamics.LinearPart linear = new Dynamics.LinearPart() {
      @Override
      public double rate(double t) {
        return -theta;
      }

      @Override
      public double growth(double t, double h) {
        return Math.exp(-theta * h);
      }

      @Override
      public double remainderWeight(double t, double h) {
        return theta == 0 ? h : -Math.expm1(-theta * h) / theta;
      }

      @Override
      public double noiseVariance(double t, double h) {
        return theta == 0 ? s * s * h : s * s * -Math.expm1(-2 * theta * h) / (2 * theta);
      }
    };
    return new Dynamics() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return x.mul(-theta);
      }

      @Override
      public double diffusion(double t) {
        return s;
      }

      @Override
      public java.util.Optional<LinearPart> linearPart() {
        return java.util.Optional.of(linear);
      }
    };
  }
}
