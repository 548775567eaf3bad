package io.driftkit.toolkit.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.config.ConfigException;

/** Guards shared by the ODE integrators. */
public final class OdeChecks {

  private OdeChecks() {}

  /**
   * Fails when the dynamics has diffusion anywhere on a few probe times: an ODE integrator would silently drop it.
   */
  public static void requireDeterministic(String integrator, Dynamics dynamics, double start, double end) {
    for (int i = 0; i <= 4; i++) {
      double t = start + (end - start) * i / 4;
      double g = dynamics.diffusion(t);
      if (g != 0) {
        throw new ConfigException("integrator '" + integrator + "' solves ODEs, but these dynamics have diffusion g("
            + t + ") = " + g + "; set key 'integrator' to an SDE integrator (euler-maruyama, stochastic-heun)"
            + " or use the deterministic (probability-flow) dynamics");
      }
    }
  }
}
