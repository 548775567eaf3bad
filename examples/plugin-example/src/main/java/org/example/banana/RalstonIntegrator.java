package org.example.banana;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.integrate.ArrayOps;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.IntegratorSettings;
import io.driftkit.toolkit.integrate.OdeChecks;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Ralston's two-stage Runge–Kutta method (order 2, the smallest error bound of its family) on a fixed grid. */
public final class RalstonIntegrator extends FixedGridIntegrator {

  /** The tableau checks its order conditions when it is built. */
  static final ButcherTableau RALSTON = new ButcherTableau("ralston", 2, new double[] {0, 2.0 / 3},
      new double[][] {{}, {2.0 / 3}}, new double[] {0.25, 0.75}, null);

  RalstonIntegrator(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public Kind kind() {
    return Kind.ODE;
  }

  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    OdeChecks.requireDeterministic("ralston", dynamics, grid.start(), grid.end());
    INDArray x = ArrayOps.workingCopy(x0);
    INDArray next = x.ulike();
    RungeKuttaStepper stepper = new RungeKuttaStepper(RALSTON, x);
    for (int n = 0; n < grid.steps(); n++) {
      INDArray[] k = stepper.step(dynamics, x, grid.time(n), grid.step(n), next);
      observer.onStep(new Step(n, grid.time(n), grid.step(n), x, next, k[0], 0.0, null));
      INDArray swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(x, stepper.evaluations(), grid.steps());
  }

  /** Bound as {@code ralston}; keys {@code integrator.steps} and {@code integrator.grid}. */
  static ComponentFactory<Integrator> factory() {
    return IntegratorSettings.fixedGrid("Ralston's 2-stage Runge-Kutta ODE integrator (order 2)",
        RalstonIntegrator::new);
  }
}
