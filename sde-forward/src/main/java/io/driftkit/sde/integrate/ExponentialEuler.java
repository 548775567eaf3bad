package io.driftkit.sde.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;

/**
 * The exponential Euler–Maruyama step ({@code exponential}) for {@code dX = [rate(t) X + r(X, t)] dt + g(t) dW}:
 * the linear part and the noise are solved exactly over the step and the remainder is held at its value at the
 * start, {@code X' = G X + (int G) r(X, t) + sqrt(Q) Z} with G, int G and Q from {@link Dynamics.LinearPart}. Exact
 * when r is constant; for an Ornstein–Uhlenbeck reference it is the step of the denoising diffusion sampler (DDS).
 */
public final class ExponentialEuler extends GaussianStepIntegrator {

  public ExponentialEuler(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public Kernel kernel(Dynamics dynamics, double t, double h) {
    Dynamics.LinearPart linear = requireLinearPart("exponential", dynamics);
    return new Kernel(linear.growth(t, h), linear.remainderWeight(t, h), linear.noiseVariance(t, h));
  }
}
