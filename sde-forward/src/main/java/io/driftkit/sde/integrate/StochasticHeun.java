package io.driftkit.sde.integrate;

import io.driftkit.toolkit.integrate.ArrayOps;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.NoiseBuffer;
import io.driftkit.api.Dynamics;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
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
    INDArray x = ArrayOps.workingCopy(x0);
    INDArray next = x.ulike();
    INDArray predictor = x.ulike();
    NoiseBuffer noise = new NoiseBuffer(x.size(0), dynamics.dim());
    for (int k = 0; k < grid.steps(); k++) {
      double t = grid.time(k);
      double h = grid.step(k);
      double sqrtH = Math.sqrt(h);
      INDArray drift = dynamics.drift(x, t);
      double g = dynamics.diffusion(t);
      double gNext = dynamics.diffusion(t + h);
      INDArray z = noise.next(random);
      predictor.assign(x);
      ArrayOps.axpy(h, drift, predictor);
      ArrayOps.axpy(g * sqrtH, z, predictor);
      INDArray driftNext = dynamics.drift(predictor, t + h);
      next.assign(x);
      ArrayOps.axpy(0.5 * h, drift, next);
      ArrayOps.axpy(0.5 * h, driftNext, next);
      ArrayOps.axpy(0.5 * (g + gNext) * sqrtH, z, next);
      observer.onStep(new Step(k, t, h, x, next, drift, g, z));
      INDArray swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(x, 2L * grid.steps(), grid.steps());
  }
}
