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

/** Euler–Maruyama: {@code X_{k+1} = X_k + h b(X_k, t_k) + g(t_k) sqrt(h) Z_k}; weak order 1, strong order 1/2. */
public final class EulerMaruyama extends FixedGridIntegrator {


  public EulerMaruyama(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public Kind kind() {
    return Kind.SDE;
  }

  @Override
  public boolean eulerMaruyamaSteps() {
    return true;
  }

  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    INDArray x = ArrayOps.workingCopy(x0);
    INDArray next = x.ulike();
    NoiseBuffer noise = new NoiseBuffer(x.size(0), dynamics.dim());
    for (int k = 0; k < grid.steps(); k++) {
      double t = grid.time(k);
      double h = grid.step(k);
      INDArray drift = dynamics.drift(x, t);
      double g = dynamics.diffusion(t);
      INDArray z = noise.next(random);
      next.assign(x);
      ArrayOps.axpy(h, drift, next);
      ArrayOps.axpy(g * Math.sqrt(h), z, next);
      observer.onStep(new Step(k, t, h, x, next, drift, g, z));
      INDArray swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(x, grid.steps(), grid.steps());
  }
}
