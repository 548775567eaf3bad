package io.driftkit.sde.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.NoiseBuffer;
import io.driftkit.toolkit.integrate.ObservedStep;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic Heun (the improved Euler predictor–corrector for additive noise): an Euler–Maruyama predictor
 * {@code Y = X + h b(X, t) + g(t) dW}, then {@code X' = X + h/2 (b(X, t) + b(Y, t + h)) + (g(t) + g(t + h))/2 dW}
 * with the same dW. Two drift evaluations per step; weak order 2 for additive noise and smooth drift.
 */
public final class StochasticHeun extends FixedGridIntegrator {


  public StochasticHeun(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public Kind kind() {
    return Kind.SDE;
  }

  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    // on row arrays through the dynamics' row-array drift: no native array per step
    int n = Math.toIntExact(x0.size(0));
    int d = dynamics.dim();
    double[] x = Rows.values(x0);
    double[] next = new double[x.length];
    double[] predictor = new double[x.length];
    double[] drift = new double[x.length];
    double[] driftNext = new double[x.length];
    double[] z = new double[x.length];
    ObservedStep observed = observer == StepObserver.NONE ? null : new ObservedStep(n, d);
    for (int k = 0; k < grid.steps(); k++) {
      double t = grid.time(k);
      double h = grid.step(k);
      double sqrtH = Math.sqrt(h);
      dynamics.drift(x, n, t, drift);
      double g = dynamics.diffusion(t);
      double gNext = dynamics.diffusion(t + h);
      NoiseBuffer.fill(z, random);
      double kick = g * sqrtH;
      for (int i = 0; i < x.length; i++) {
        predictor[i] = x[i] + h * drift[i] + kick * z[i];
      }
      dynamics.drift(predictor, n, t + h, driftNext);
      double half = 0.5 * h;
      double meanKick = 0.5 * (g + gNext) * sqrtH;
      for (int i = 0; i < x.length; i++) {
        next[i] = x[i] + half * drift[i] + half * driftNext[i] + meanKick * z[i];
      }
      if (observed != null) {
        observed.show(observer, k, t, h, g, x, next, drift, z);
      }
      double[] swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(Rows.matrix(x, n, d), 2L * grid.steps(), grid.steps());
  }
}
