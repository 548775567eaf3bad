package io.driftkit.sde.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;

/**
 * The ancestral step of denoising diffusions ({@code ancestral}; Ho et al. 2020) for the time reversal of a linear
 * noising process, {@code dY = [rate Y + g^2 u] ds + g dW} with u a score or control. With the forward kernel
 * {@code X_t = kappa X_t' + sqrt(V) eps} of the step, it draws {@code Y' = (Y + V u(Y)) / kappa + sqrt(V) Z}: the exact
 * posterior mean of the forward kernel when u is the exact score (Tweedie), and the forward kernel's own variance.
 * In terms of the dynamics' linear part ({@code G = 1 / kappa}, {@code Q = V / kappa^2}): {@code a = G},
 * {@code c = Q / (G g^2)} on the remainder {@code g^2 u}, variance {@code Q / G^2}. The default step of {@code dis}.
 */
public final class AncestralStep extends GaussianStepIntegrator {

  public AncestralStep(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public Kernel kernel(Dynamics dynamics, double t, double h) {
    Dynamics.LinearPart linear = requireLinearPart("ancestral", dynamics);
    double g = dynamics.diffusion(t);
    if (!(g > 0)) {
      throw new IllegalArgumentException("integrator 'ancestral' needs noise at every step, but g(" + t + ") = " + g
          + "; use exponential or euler-maruyama");
    }
    double growth = linear.growth(t, h);
    double q = linear.noiseVariance(t, h);
    return new Kernel(growth, q / (growth * g * g), q / (growth * growth));
  }
}
