package org.example.banana;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;
import io.driftkit.toolkit.integrate.IntegratorSettings;

/**
 * Euler–Maruyama with the noise of the step's midpoint, {@code X' = X + h b(X, t) + g(t + h/2) sqrt(h) Z}: each step
 * is one Gaussian kernel, so samplers that weight paths by their step densities (dis, pis, dds, MALA) can use it.
 */
public final class MidpointEulerMaruyama extends GaussianStepIntegrator {

  MidpointEulerMaruyama(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  /** {@code X' ~ N(a X + c r(X, t), v I)}: with a linear part {@code b = rate x + r}, a = 1 + h rate(t), c = h. */
  @Override
  public Integrator.Kernel kernel(Dynamics dynamics, double t, double h) {
    double a = dynamics.linearPart().map(linear -> 1 + h * linear.rate(t)).orElse(1.0);
    double g = dynamics.diffusion(t + h / 2);
    return new Integrator.Kernel(a, h, g * g * h);
  }

  /** Bound as {@code midpoint-em}; keys {@code integrator.steps} and {@code integrator.grid}. */
  static ComponentFactory<Integrator> factory() {
    return IntegratorSettings.fixedGrid("Euler-Maruyama with midpoint noise (SDE, Gaussian steps)",
        MidpointEulerMaruyama::new);
  }
}
