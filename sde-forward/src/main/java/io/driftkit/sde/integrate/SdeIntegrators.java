package io.driftkit.sde.integrate;

import io.driftkit.api.Integrator;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.integrate.IntegratorSettings;

/** The factories of the SDE integrators. */
public final class SdeIntegrators {

  private SdeIntegrators() {}

  public static ComponentFactory<Integrator> eulerMaruyama() {
    return IntegratorSettings.fixedGrid("Euler-Maruyama SDE integrator (weak order 1)", EulerMaruyama::new);
  }

  public static ComponentFactory<Integrator> exponential() {
    return IntegratorSettings.fixedGrid("exponential Euler-Maruyama: the drift's linear part and the noise solved"
        + " exactly over each step (needs dynamics with a linear part; the dds step)", ExponentialEuler::new);
  }

  public static ComponentFactory<Integrator> ancestral() {
    return IntegratorSettings.fixedGrid("ancestral step of denoising diffusions, (Y + V u) / kappa + sqrt(V) Z with"
        + " the forward kernel's kappa and V (needs the reversal of a linear process; the dis step)",
        AncestralStep::new);
  }

  public static ComponentFactory<Integrator> stochasticHeun() {
    return IntegratorSettings.fixedGrid(
        "stochastic Heun SDE integrator (predictor-corrector, 2 NFE per step)", StochasticHeun::new);
  }
}
