package io.driftkit.deterministic.integrate;

import io.driftkit.toolkit.integrate.ArrayOps;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.OdeChecks;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import io.driftkit.api.Dynamics;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An explicit Runge–Kutta ODE integrator on a fixed grid ({@code euler}, {@code heun}, {@code rk4}). */
public final class FixedStepRungeKutta extends FixedGridIntegrator {

  private final ButcherTableau tableau;

  public FixedStepRungeKutta(ButcherTableau tableau, int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
    this.tableau = tableau;
  }

  public ButcherTableau tableau() {
    return tableau;
  }

  @Override
  public Kind kind() {
    return Kind.ODE;
  }

  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    OdeChecks.requireDeterministic(tableau.name(), dynamics, grid.start(), grid.end());
    INDArray x = ArrayOps.workingCopy(x0);
    INDArray next = x.ulike();
    RungeKuttaStepper stepper = new RungeKuttaStepper(tableau, x);
    for (int n = 0; n < grid.steps(); n++) {
      double t = grid.time(n);
      double h = grid.step(n);
      INDArray[] k = stepper.step(dynamics, x, t, h, next);
      observer.onStep(new Step(n, t, h, x, next, k[0], 0.0, null));
      INDArray swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(x, stepper.evaluations(), grid.steps());
  }
}
