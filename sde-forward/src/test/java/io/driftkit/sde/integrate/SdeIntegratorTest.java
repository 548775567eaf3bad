package io.driftkit.sde.integrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.testkit.SdeIntegratorContract;
import io.driftkit.testkit.SdeIntegratorContract.OuLaw;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The SDE integrators against the kit's contract: weak order 1 and 2 measured from their exact laws on OU. */
class SdeIntegratorTest {

  @Nested
  class EulerMaruyamaContract extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new EulerMaruyama(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int weakOrder() {
      return 1;
    }

    @Override
    protected int evaluationsPerStep() {
      return 1;
    }

    /**
     * The identified law is the Euler recursion's, written out: mean multiplier (1 - theta h)^K and variance
     * s^2 h sum_k (1 - theta h)^(2k). An independent check of the identification itself.
     */
    @Test
    void identifiedLawIsTheEulerRecursion() {
      double theta = 0.7;
      double s = 1.3;
      int steps = 10;
      double h = 2.0 / steps;
      OuLaw law = schemeLaw(theta, s, 2, steps);
      double a = 1 - theta * h;
      double variance = 0;
      for (int k = 0; k < steps; k++) {
        variance += s * s * h * Math.pow(a, 2 * k);
      }
      assertThat(law.multiplier()).isCloseTo(Math.pow(a, steps), within(1e-12));
      assertThat(law.variance()).isCloseTo(variance, within(1e-12));
    }
  }

  @Nested
  class StochasticHeunContract extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new StochasticHeun(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int weakOrder() {
      return 2;
    }

    @Override
    protected int evaluationsPerStep() {
      return 2;
    }
  }

  /** Exact on OU (the linear part and the noise are solved in closed form): the contract sees only round-off. */
  @Nested
  class ExponentialContract extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new ExponentialEuler(steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int weakOrder() {
      return 1;
    }

    @Override
    protected int evaluationsPerStep() {
      return 1;
    }

    @Test
    void isExactOnOrnsteinUhlenbeck() {
      OuLaw law = schemeLaw(0.7, 1.3, 2, 5);
      OuLaw exact = OuLaw.exact(0.7, 1.3, 2);
      assertThat(law.multiplier()).isCloseTo(exact.multiplier(), within(1e-13));
      assertThat(law.variance()).isCloseTo(exact.variance(), within(1e-13));
    }
  }

  /**
   * The ancestral step on a forward OU: exact mean (growth e^{-theta h}), and per step the variance Q / G^2 instead
   * of Q, a relative excess of about 2 theta h, so the variance is first order.
   */
  @Nested
  class AncestralContract extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new AncestralStep(steps, TimeGrid.Spacing.UNIFORM);
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
}
