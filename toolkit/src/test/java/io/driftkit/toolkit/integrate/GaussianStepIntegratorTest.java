package io.driftkit.toolkit.integrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.Integrators;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Gaussian-step loop runs on row arrays and shows observers the step in arrays of its own: what observers see
 * must be the step taken, and what they change in the next state must stay (that looking changes no number is
 * IntegratorContract's check).
 */
class GaussianStepIntegratorTest {

  /** A non-linear drift, b(x) = -x^3 + sin(t), with diffusion 0.8; only the array call, as a plugin might write it. */
  private static final Dynamics CUBIC = new Dynamics() {
    @Override
    public int dim() {
      return 3;
    }

    @Override
    public INDArray drift(INDArray x, double t) {
      return x.mul(x).muli(x).negi().addi(Math.sin(t));
    }

    @Override
    public double diffusion(double t) {
      return 0.8;
    }
  };

  private static final Integrator EULER_MARUYAMA = Integrators.gaussian(20, TimeGrid.Spacing.UNIFORM,
      GaussianStepIntegrator::eulerMaruyamaKernel);

  private static INDArray run(StepObserver observer) {
    INDArray x0 = new RandomSource(4).normal(7, 3);
    return EULER_MARUYAMA.integrate(CUBIC, x0, EULER_MARUYAMA.grid(0, 1), new RandomSource(5), observer).state();
  }

  @Test
  void observersSeeTheEulerMaruyamaStepTaken() {
    int[] steps = {0};
    run(step -> {
      double[] x = Rows.values(step.state());
      double[] next = Rows.values(step.next());
      double[] drift = Rows.values(step.drift());
      double[] z = Rows.values(step.noise());
      double[] expectedDrift = Rows.values(CUBIC.drift(step.state(), step.time()));
      for (int i = 0; i < x.length; i++) {
        assertThat(drift[i]).isEqualTo(expectedDrift[i]);
        double euler = x[i] + step.dt() * drift[i] + 0.8 * Math.sqrt(step.dt()) * z[i];
        assertThat(next[i]).isCloseTo(euler, org.assertj.core.api.Assertions.within(1e-14 * (1 + Math.abs(euler))));
      }
      steps[0]++;
    });
    assertThat(steps[0]).isEqualTo(20);
  }

  @Test
  void whatAnObserverWritesIntoTheNextStateIsKept() {
    // clamping every step to [-0.1, 0.1] keeps the final state there, which the free chain leaves at once
    INDArray clamped = run(step -> step.next().assign(
        org.nd4j.linalg.ops.transforms.Transforms.min(org.nd4j.linalg.ops.transforms.Transforms.max(step.next(), -0.1),
            0.1)));
    assertThat(clamped.amaxNumber().doubleValue()).isLessThanOrEqualTo(0.1);
    assertThat(run(StepObserver.NONE).amaxNumber().doubleValue()).isGreaterThan(0.1);
  }
}
