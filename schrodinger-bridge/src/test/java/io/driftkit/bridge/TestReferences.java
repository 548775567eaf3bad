package io.driftkit.bridge;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Prior;
import io.driftkit.toolkit.IsotropicGaussian;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Linear reference processes written out for the tests (the real ones live in sde-forward, another plugin). */
final class TestReferences {

  private TestReferences() {}

  /** {@code dX = -theta X dt + g dW} on [0, T]; theta = 0 is Brownian motion {@code g W}. */
  static ForwardProcess ou(double theta, double g, double horizon) {
    return new Linear(horizon) {
      @Override
      public double driftRate(double t) {
        return theta;
      }

      @Override
      public double diffusion(double t) {
        return g;
      }

      @Override
      public double alpha(double t) {
        return Math.exp(-theta * t);
      }

      @Override
      public double sigma(double t) {
        return theta == 0 ? g * Math.sqrt(t) : g * Math.sqrt(-Math.expm1(-2 * theta * t) / (2 * theta));
      }
    };
  }

  /** The variance-preserving process with linear beta from b0 to b1 on [0, T]: alpha = exp(-B/2). */
  static ForwardProcess vp(double b0, double b1, double horizon) {
    return new Linear(horizon) {
      private double beta(double t) {
        return b0 + (b1 - b0) * t / horizon;
      }

      private double integral(double t) {
        return b0 * t + 0.5 * (b1 - b0) * t * t / horizon;
      }

      @Override
      public double driftRate(double t) {
        return 0.5 * beta(t);
      }

      @Override
      public double diffusion(double t) {
        return Math.sqrt(beta(t));
      }

      @Override
      public double alpha(double t) {
        return Math.exp(-0.5 * integral(t));
      }

      @Override
      public double sigma(double t) {
        return Math.sqrt(-Math.expm1(-integral(t)));
      }
    };
  }

  private abstract static class Linear implements ForwardProcess, ForwardProcess.LinearMarginals {
    private final double horizon;

    Linear(double horizon) {
      this.horizon = horizon;
    }

    @Override
    public double horizon() {
      return horizon;
    }

    @Override
    public INDArray drift(INDArray x, double t) {
      return x.mul(-driftRate(t));
    }

    @Override
    public Optional<LinearMarginals> linear() {
      return Optional.of(this);
    }

    @Override
    public Prior prior(int dim) {
      return new IsotropicGaussian(dim, 1);
    }
  }
}
