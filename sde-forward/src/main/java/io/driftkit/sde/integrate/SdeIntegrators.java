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

  public static ComponentFactory<Integrator> stochasticHeun() {
    return IntegratorSettings.fixedGrid(
        "stochastic Heun SDE integrator (predictor-corrector, 2 NFE per step)", StochasticHeun::new);
  }
}
