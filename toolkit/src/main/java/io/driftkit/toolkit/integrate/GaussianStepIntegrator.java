package io.driftkit.toolkit.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator.GaussianKernels;
import io.driftkit.api.Integrator.Kernel;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.Rows;
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

  /**
   * The loop runs on row arrays: the dynamics' row-array remainder, the noise and the update in Java, with no native
   * array per step. Observers, when there are any, see the step in reused arrays and may change its next state.
   */
  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    int n = Math.toIntExact(x0.size(0));
    int d = dynamics.dim();
    double[] x = Rows.values(x0);
    double[] next = new double[x.length];
    double[] remainder = new double[x.length];
    double[] z = new double[x.length];
    ObservedStep observed = observer == StepObserver.NONE ? null : new ObservedStep(n, d);
    for (int k = 0; k < grid.steps(); k++) {
      double t = grid.time(k);
      double h = grid.step(k);
      Kernel kernel = kernel(dynamics, t, h);
      dynamics.remainder(x, n, t, remainder);
      NoiseBuffer.fill(z, random);
      double a = kernel.a();
      double c = kernel.c();
      double s = Math.sqrt(kernel.variance());
      for (int i = 0; i < x.length; i++) {
        next[i] = a * x[i] + c * remainder[i] + s * z[i];
      }
      if (observed != null) {
        observed.show(observer, k, t, h, dynamics.diffusion(t), x, next, remainder, z);
      }
      double[] swap = x;
      x = next;
      next = swap;
    }
    return new IntegrationResult(Rows.matrix(x, n, d), grid.steps(), grid.steps());
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
