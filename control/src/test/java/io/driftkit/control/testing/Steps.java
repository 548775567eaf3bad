package io.driftkit.control.testing;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.sde.integrate.AncestralStep;
import io.driftkit.sde.integrate.EulerMaruyama;
import io.driftkit.sde.integrate.ExponentialEuler;

/** The Gaussian step kernels each control family uses by default (the step count of the instances is unused). */
public final class Steps {

  private Steps() {}

  public static final Integrator.GaussianKernels ANCESTRAL = new AncestralStep(1, TimeGrid.Spacing.UNIFORM);
  public static final Integrator.GaussianKernels EXPONENTIAL = new ExponentialEuler(1, TimeGrid.Spacing.UNIFORM);
  public static final Integrator.GaussianKernels EULER_MARUYAMA = new EulerMaruyama(1, TimeGrid.Spacing.UNIFORM);
}
