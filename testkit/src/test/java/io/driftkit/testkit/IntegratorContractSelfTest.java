package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.integrate.ArrayOps;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.FixedGridIntegrator;
import io.driftkit.toolkit.integrate.NoiseBuffer;
import io.driftkit.toolkit.integrate.OdeChecks;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The integrator contracts pass on correct schemes and fail on a wrong order, noise or report. */
class IntegratorContractSelfTest {

  /** A fixed-grid explicit Runge–Kutta ODE integrator from the toolkit's parts. */
  static final class Tableau extends FixedGridIntegrator {
    private final ButcherTableau tableau;

    Tableau(ButcherTableau tableau, int steps) {
      super(steps, TimeGrid.Spacing.UNIFORM);
      this.tableau = tableau;
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
        INDArray[] k = stepper.step(dynamics, x, grid.time(n), grid.step(n), next);
        observer.onStep(new Step(n, grid.time(n), grid.step(n), x, next, k[0], 0, null));
        INDArray swap = x;
        x = next;
        next = swap;
      }
      return new IntegrationResult(x, stepper.evaluations(), grid.steps());
    }
  }

  /** Euler–Maruyama with its noise scaled by {@code noiseScale} (1 is correct). */
  static final class Em extends FixedGridIntegrator {
    private final double noiseScale;
    private final boolean reportNoise;

    Em(int steps, double noiseScale, boolean reportNoise) {
      super(steps, TimeGrid.Spacing.UNIFORM);
      this.noiseScale = noiseScale;
      this.reportNoise = reportNoise;
    }

    @Override
    public Kind kind() {
      return Kind.SDE;
    }

    @Override
    public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
        StepObserver observer) {
      INDArray x = ArrayOps.workingCopy(x0);
      NoiseBuffer noise = new NoiseBuffer(x.size(0), dynamics.dim());
      for (int k = 0; k < grid.steps(); k++) {
        double t = grid.time(k);
        double h = grid.step(k);
        INDArray drift = dynamics.drift(x, t);
        INDArray z = noise.next(random);
        INDArray next = x.dup();
        ArrayOps.axpy(h, drift, next);
        ArrayOps.axpy(noiseScale * dynamics.diffusion(t) * Math.sqrt(h), z, next);
        observer.onStep(new Step(k, t, h, x, next, drift, dynamics.diffusion(t), reportNoise ? z : null));
        x = next;
      }
      return new IntegrationResult(x, grid.steps(), grid.steps());
    }
  }

  @Nested
  class HeunIsSecondOrder extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new Tableau(ButcherTableau.HEUN, steps);
    }

    @Override
    protected int order() {
      return 2;
    }

    @Override
    protected int evaluationsPerStep() {
      return 2;
    }
  }

  @Nested
  class EulerMaruyamaIsWeakFirstOrder extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new Em(steps, 1, true);
    }

    @Override
    protected int weakOrder() {
      return 1;
    }

    @Override
    protected int evaluationsPerStep() {
      return 1;
    }
  }

  private static OdeIntegratorContract ode(ButcherTableau tableau, int order) {
    return new OdeIntegratorContract() {
      @Override
      protected Integrator integrator(int steps) {
        return new Tableau(tableau, steps);
      }

      @Override
      protected int order() {
        return order;
      }

      @Override
      protected int evaluationsPerStep() {
        return tableau.stages();
      }
    };
  }

  private static SdeIntegratorContract sde(double noiseScale, boolean reportNoise, int order) {
    return new SdeIntegratorContract() {
      @Override
      protected Integrator integrator(int steps) {
        return new Em(steps, noiseScale, reportNoise);
      }

      @Override
      protected int weakOrder() {
        return order;
      }

      @Override
      protected int evaluationsPerStep() {
        return 1;
      }
    };
  }

  @Test
  void heunClaimedAsThirdOrderFails() {
    OdeIntegratorContract c = ode(ButcherTableau.HEUN, 3);
    assertThatThrownBy(c::reachesItsOrderOnANonLinearProblem).isInstanceOf(AssertionError.class);
  }

  @Test
  void eulerMaruyamaClaimedAsSecondOrderFails() {
    assertThatThrownBy(sde(1, true, 2)::hasItsWeakOrderOnOrnsteinUhlenbeck).isInstanceOf(AssertionError.class)
        .hasMessageContaining("weak order of the mean");
  }

  @Test
  void onePercentTooMuchNoiseFailsTheWeakOrder() {
    // the variance bias no longer vanishes with h: its ratio between 16 and 32 steps is about 1, not 2
    assertThatThrownBy(sde(1.01, true, 1)::hasItsWeakOrderOnOrnsteinUhlenbeck).isInstanceOf(AssertionError.class)
        .hasMessageContaining("weak order of the variance");
  }

  @Test
  void unreportedNoiseIsNamed() {
    assertThatThrownBy(sde(1, false, 1)::hasItsWeakOrderOnOrnsteinUhlenbeck).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Step.noise");
  }
}
