package io.driftkit.sde.integrate;

import io.driftkit.testkit.IntegratorContract;
import io.driftkit.testkit.TestProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The SDE integrators: the generic contract plus Euler–Maruyama's weak order. */
class SdeIntegratorTest {

  @Nested
  class EulerMaruyamaContract extends IntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new EulerMaruyama(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 1;
    }

    @Override
    protected int evaluationsPerStep() {
      return 1;
    }
  }

  @Nested
  class StochasticHeunContract extends IntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new StochasticHeun(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 2;
    }

    @Override
    protected int evaluationsPerStep() {
      return 2;
    }

    /** Second order: the bias is O(h^2); h^2 (with constant 1) bounds the exact Heun recursion's error. */
    @Override
    protected double ouBiasAllowance(double h) {
      return h * h;
    }
  }

  /**
   * Weak order 1 of Euler–Maruyama on E[X_T^2] for OU (theta = s = 1, x0 = 2, T = 1) with N = 4, 8, 16 steps. The
   * exact Euler biases are about -0.059, -0.031, -0.016 (slope 0.95 in log-log). With n = 10^6 paths the standard
   * error of each estimate is sd(X^2)/sqrt(n) ~ 0.7e-3 (4.4 % of the smallest bias), so the fitted slope over two
   * octaves has a standard error ~ 0.035; we allow 1 +- 0.2.
   */
  @Test
  void eulerMaruyamaHasWeakOrderOne() {
    double exact = 4 * Math.exp(-2) + 0.5 * (1 - Math.exp(-2));
    int n = 1_000_000;
    double[] bias = new double[3];
    int[] steps = {4, 8, 16};
    for (int i = 0; i < steps.length; i++) {
      var em = new EulerMaruyama(steps[i], TimeGrid.Spacing.UNIFORM);
      INDArray end = em.integrate(TestProblems.ornsteinUhlenbeck(1, 1), Nd4j.valueArrayOf(new long[] {n, 1}, 2.0),
          TimeGrid.uniform(0, 1, steps[i]), new RandomSource(100 + i), StepObserver.NONE).state();
      bias[i] = Math.abs(end.mul(end).meanNumber().doubleValue() - exact);
    }
    double slope = Math.log(bias[0] / bias[2]) / Math.log(4);
    assertThat(slope).as("weak order from biases %s %s %s", bias[0], bias[1], bias[2]).isCloseTo(1.0, within(0.2));
  }
}
