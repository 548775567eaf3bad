package io.driftkit.control.testing;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Prior;
import io.driftkit.control.path.GaussianPrior;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Linear forward processes written out in closed form for the tests (independent of the sde-forward module). */
public final class TestProcesses {

  private TestProcesses() {}

  /** dX = -theta X dt + g dW with constant coefficients: OU (theta > 0) or scaled Brownian motion (theta = 0). */
  public static ForwardProcess constant(double theta, double g, double horizon, double priorVariance) {
    return new Linear(horizon, priorVariance) {
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
        return theta == 0 ? g * Math.sqrt(t) : g * Math.sqrt((1 - Math.exp(-2 * theta * t)) / (2 * theta));
      }

      @Override
      public double driftRate(double t) {
        return theta;
      }
    };
  }

  /** VP with beta(t) = bmin + t (bmax - bmin) on [0, 1]. */
  public static ForwardProcess vp(double bmin, double bmax) {
    return new Linear(1, 1) {
      private double integral(double t) {
        return bmin * t + 0.5 * t * t * (bmax - bmin);
      }

      @Override
      public double diffusion(double t) {
        return Math.sqrt(bmin + t * (bmax - bmin));
      }

      @Override
      public double alpha(double t) {
        return Math.exp(-0.5 * integral(t));
      }

      @Override
      public double sigma(double t) {
        return Math.sqrt(1 - Math.exp(-integral(t)));
      }

      @Override
      public double driftRate(double t) {
        return 0.5 * (bmin + t * (bmax - bmin));
      }
    };
  }

  private abstract static class Linear implements ForwardProcess, ForwardProcess.LinearMarginals {
    private final double horizon;
    private final double priorVariance;

    Linear(double horizon, double priorVariance) {
      this.horizon = horizon;
      this.priorVariance = priorVariance;
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
      return new GaussianPrior(dim, priorVariance);
    }
  }
}
