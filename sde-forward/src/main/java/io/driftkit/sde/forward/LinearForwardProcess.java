package io.driftkit.sde.forward;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Prior;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A forward SDE with linear drift {@code f(x, t) = -lambda(t) x} and scalar diffusion g(t), so that
 * {@code X_t | X_0 ~ N(alpha(t) X_0, sigma(t)^2 I)} in closed form.
 */
public abstract class LinearForwardProcess implements ForwardProcess, ForwardProcess.LinearMarginals {

  private final double horizon;

  protected LinearForwardProcess(double horizon) {
    if (!(horizon > 0) || !Double.isFinite(horizon)) {
      throw new IllegalArgumentException("a forward process needs a positive finite horizon, got " + horizon);
    }
    this.horizon = horizon;
  }

  @Override
  public final double horizon() {
    return horizon;
  }

  @Override
  public INDArray drift(INDArray x, double t) {
    return x.mul(-driftRate(t));
  }

  @Override
  public java.util.Optional<LinearMarginals> linear() {
    return java.util.Optional.of(this);
  }

  /** The standard deviation of the prior {@code N(0, s^2 I)} the process is started from in reverse. */
  protected abstract double priorStd();

  @Override
  public Prior prior(int dim) {
    return new IsotropicGaussianPrior(dim, priorStd());
  }
}
