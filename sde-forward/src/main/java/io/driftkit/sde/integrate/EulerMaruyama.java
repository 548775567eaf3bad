package io.driftkit.sde.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;

/**
 * Euler–Maruyama: {@code X_{k+1} = X_k + h b(X_k, t_k) + g(t_k) sqrt(h) Z_k}; weak order 1, strong order 1/2. Its
 * step kernel is {@code N(X + h b(X, t), g(t)^2 h I)}; with a linear part {@code b = rate x + r} that is
 * {@code a = 1 + h rate(t)}, {@code c = h}.
 */
public final class EulerMaruyama extends GaussianStepIntegrator {

  public EulerMaruyama(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public Kernel kernel(Dynamics dynamics, double t, double h) {
    return eulerMaruyamaKernel(dynamics, t, h);
  }
}
