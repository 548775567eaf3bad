package io.driftkit.deterministic.integrate;

import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.ObservedStep;
import io.driftkit.toolkit.integrate.OdeChecks;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import io.driftkit.api.Dynamics;
import io.driftkit.api.RandomSource;
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
    // on row arrays through the dynamics' row-array drift: no native array per stage
    int rows = Math.toIntExact(x0.size(0));
    int d = dynamics.dim();
    double[] x = Rows.values(x0);
    double[] next = new double[x.length];
    RungeKuttaStepper stepper = new RungeKuttaStepper(tableau);
    RungeKuttaStepper.RowStages stages = stepper.rowStages(x.length);
    ObservedStep observed = observer == StepObserver.NONE ? null : new ObservedStep(rows, d);
    for (int n = 0; n < grid.steps(); n++) {
      double t = grid.time(n);
      double h = grid.step(n);
      double[][] k = stepper.step(dynamics, x, rows, t, h, next, stages);
      if (observed != null) {
        observed.show(observer, n, t, h, 0.0, x, next, k[0], null);
      }
      double[] swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(Rows.matrix(x, rows, d), stepper.evaluations(), grid.steps());
  }
}
