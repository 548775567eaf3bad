package io.driftkit.toolkit;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.integrate.ArrayOps;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;
import io.driftkit.toolkit.integrate.OdeChecks;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Integrators written as plain Java functions, on a fixed grid of {@code steps} points: an ODE scheme from its step,
 * e.g. Heun's
 * <pre>{@code
 * Integrators.ode(50, TimeGrid.Spacing.UNIFORM, (dynamics, x, t, h, b) -> {
 *   INDArray predictor = x.add(b.mul(h));
 *   return x.add(b.add(dynamics.drift(predictor, t + h)).muli(h / 2));
 * });
 * }</pre>
 * or an SDE scheme from its Gaussian step kernel {@code X' ~ N(a X + c r(X, t), v I)}, which the methods that weigh
 * paths by their step densities (dis, pis, dds, MALA) accept. r is the drift's remainder
 * ({@link Dynamics#remainder}: the drift minus its linear part {@code rate(t) x}, where the dynamics have one), so a
 * kernel puts the linear part into a; Euler–Maruyama's:
 * <pre>{@code
 * Integrators.gaussian(100, TimeGrid.Spacing.UNIFORM, (dynamics, t, h) -> new Integrator.Kernel(
 *     dynamics.linearPart().map(linear -> 1 + h * linear.rate(t)).orElse(1.0), h,
 *     Math.pow(dynamics.diffusion(t), 2) * h));
 * }</pre>
 *
 * <p>They are checked as plugins are: an ODE scheme refuses dynamics with diffusion, every step's result must have
 * the state's shape, drift evaluations are counted (NFE), and a run checks every step for non-finite values.
 */
public final class Integrators {

  private Integrators() {}

  /** One step of an ODE scheme from x at t over h, given the drift {@code b = b(x, t)} already evaluated. */
  @FunctionalInterface
  public interface OdeStep {
    /** The state at t + h, a fresh {@code [n, d]} array (x and b must not be modified). */
    INDArray next(Dynamics dynamics, INDArray x, double t, double h, INDArray b);
  }

  /** The Gaussian kernel of one SDE step from t over h: {@code X' ~ N(a X + c r(X, t), v I)}, r the remainder. */
  @FunctionalInterface
  public interface KernelRule {
    Integrator.Kernel kernel(Dynamics dynamics, double t, double h);
  }

  /**
   * An ODE integrator from its step.
   *
   * @throws IllegalArgumentException for fewer than one step
   */
  public static Integrator ode(int steps, TimeGrid.Spacing spacing, OdeStep step) {
    return new OdeIntegrator(steps, Objects.requireNonNull(spacing, "spacing"), Objects.requireNonNull(step, "step"));
  }

  /**
   * An SDE integrator from its Gaussian step kernel (one drift evaluation per step, at the step's start).
   *
   * @throws IllegalArgumentException for fewer than one step
   */
  public static Integrator gaussian(int steps, TimeGrid.Spacing spacing, KernelRule kernel) {
    return new KernelIntegrator(steps, Objects.requireNonNull(spacing, "spacing"),
        Objects.requireNonNull(kernel, "kernel"));
  }

  private static final String OWNER = "in-code integrator";

  private static final class OdeIntegrator extends FixedGridIntegrator {
    private final OdeStep step;

    OdeIntegrator(int steps, TimeGrid.Spacing spacing, OdeStep step) {
      super(steps, spacing);
      this.step = step;
    }

    @Override
    public Kind kind() {
      return Kind.ODE;
    }

    @Override
    public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
        StepObserver observer) {
      OdeChecks.requireDeterministic("in-code", dynamics, grid.start(), grid.end());
      Counting counted = new Counting(dynamics);
      INDArray x = ArrayOps.workingCopy(x0);
      for (int k = 0; k < grid.steps(); k++) {
        double t = grid.time(k);
        double h = grid.step(k);
        INDArray b = counted.drift(x, t).dup();
        INDArray next = step.next(counted, x, t, h, b);
        if (next == null || !Arrays.equals(next.shape(), x.shape())) {
          throw new IllegalStateException(OWNER + ": step " + k + " at t = " + t + " returned shape "
              + (next == null ? "null" : Arrays.toString(next.shape())) + "; expected " + Arrays.toString(x.shape()));
        }
        if (next == x || next == b) {
          next = next.dup();
        }
        observer.onStep(new Step(k, t, h, x, next, b, 0.0, null));
        x = next;
      }
      return new IntegrationResult(x, counted.evaluations, grid.steps());
    }
  }

  private static final class KernelIntegrator extends GaussianStepIntegrator {
    private final KernelRule rule;

    KernelIntegrator(int steps, TimeGrid.Spacing spacing, KernelRule rule) {
      super(steps, spacing);
      this.rule = rule;
    }

    @Override
    public Integrator.Kernel kernel(Dynamics dynamics, double t, double h) {
      Integrator.Kernel kernel = rule.kernel(dynamics, t, h);
      if (kernel == null) {
        throw new IllegalStateException(OWNER + ": no kernel at t = " + t + ", h = " + h);
      }
      return kernel;
    }
  }

  /** The dynamics, counting evaluations of the drift (and of its remainder) for the NFE. */
  private static final class Counting implements Dynamics {
    private final Dynamics inner;
    long evaluations;

    Counting(Dynamics inner) {
      this.inner = inner;
    }

    @Override
    public int dim() {
      return inner.dim();
    }

    @Override
    public INDArray drift(INDArray x, double t) {
      evaluations++;
      return inner.drift(x, t);
    }

    @Override
    public double diffusion(double t) {
      return inner.diffusion(t);
    }

    @Override
    public Optional<LinearPart> linearPart() {
      return inner.linearPart();
    }

    @Override
    public Optional<Reversal> reversal() {
      return inner.reversal();
    }

    @Override
    public INDArray remainder(INDArray x, double t) {
      evaluations++;
      return inner.remainder(x, t);
    }

    @Override
    public void drift(double[] x, int n, double t, double[] out) {
      evaluations++;
      inner.drift(x, n, t, out);
    }

    @Override
    public void remainder(double[] x, int n, double t, double[] out) {
      evaluations++;
      inner.remainder(x, n, t, out);
    }
  }
}
