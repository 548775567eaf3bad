package io.driftkit.toolkit.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator.GaussianKernels;
import io.driftkit.api.Integrator.Kernel;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed-grid SDE integrator defined by its Gaussian step kernel {@code X' = a X + c r(X, t) + sqrt(v) Z}: the
 * integration loop and the kernel that methods use for densities are one and the same code. Observers see
 * {@link Step#drift()} = r(X_k, t_k) and {@link Step#noise()} = Z_k.
 */
public abstract class GaussianStepIntegrator extends FixedGridIntegrator implements GaussianKernels {

  protected GaussianStepIntegrator(int steps, TimeGrid.Spacing spacing) {
    super(steps, spacing);
  }

  @Override
  public final Kind kind() {
    return Kind.SDE;
  }

  @Override
  public final Optional<GaussianKernels> gaussianKernels() {
    return Optional.of(this);
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
      Kernel kernel = kernel(dynamics, t, h);
      INDArray remainder = dynamics.remainder(x, t);
      INDArray z = noise.next(random);
      next.assign(x);
      if (kernel.a() != 1) {
        next.muli(kernel.a());
      }
      ArrayOps.axpy(kernel.c(), remainder, next);
      ArrayOps.axpy(Math.sqrt(kernel.variance()), z, next);
      observer.onStep(new Step(k, t, h, x, next, remainder, dynamics.diffusion(t), z));
      INDArray swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(x, grid.steps(), grid.steps());
  }

  /**
   * Euler–Maruyama's kernel {@code N(X + h b(X, t), g(t)^2 h I)}: with a linear part {@code b = rate x + r},
   * {@code a = 1 + h rate(t)}, {@code c = h}; with g = 0 it is Euler's step.
   */
  public static Kernel eulerMaruyamaKernel(Dynamics dynamics, double t, double h) {
    double g = dynamics.diffusion(t);
    double a = dynamics.linearPart().map(l -> 1 + h * l.rate(t)).orElse(1.0);
    return new Kernel(a, h, g * g * h);
  }

  /** The dynamics' linear part, or an error naming this integrator and what it needs. */
  protected static Dynamics.LinearPart requireLinearPart(String integrator, Dynamics dynamics) {
    return dynamics.linearPart().orElseThrow(() -> new IllegalArgumentException("integrator '" + integrator
        + "' solves the linear part of the drift exactly, but these dynamics have none; use euler-maruyama"));
  }
}
