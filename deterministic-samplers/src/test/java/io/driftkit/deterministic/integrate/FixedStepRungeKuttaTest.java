package io.driftkit.deterministic.integrate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.testkit.OdeIntegratorContract;
import io.driftkit.toolkit.integrate.ButcherTableau;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The fixed-grid Runge–Kutta methods, one contract run per tableau. */
class FixedStepRungeKuttaTest {

  @Nested
  class Euler extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new FixedStepRungeKutta(ButcherTableau.EULER, steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 1;
    }

    @Override
    protected int[] orderCheckSteps() {
      return new int[] {400, 800};
    }

    @Override
    protected int evaluationsPerStep() {
      return 1;
    }
  }

  @Nested
  class Heun extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new FixedStepRungeKutta(ButcherTableau.HEUN, steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 2;
    }

    @Override
    protected int[] orderCheckSteps() {
      return new int[] {100, 200};
    }

    @Override
    protected int evaluationsPerStep() {
      return 2;
    }
  }

  @Nested
  class Rk4 extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new FixedStepRungeKutta(ButcherTableau.RK4, steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 4;
    }

    @Override
    protected int[] orderCheckSteps() {
      return new int[] {20, 40};
    }

    @Override
    protected int evaluationsPerStep() {
      return 4;
    }
  }

  /** The Dormand–Prince tableau stepped on a fixed grid: checks the coefficients give order 5. */
  @Nested
  class DormandPrinceTableau extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return new FixedStepRungeKutta(ButcherTableau.DORMAND_PRINCE, steps, TimeGrid.Spacing.UNIFORM);
    }

    @Override
    protected int order() {
      return 5;
    }

    @Override
    protected int[] orderCheckSteps() {
      return new int[] {20, 40};
    }

    @Override
    protected int evaluationsPerStep() {
      return 7;
    }
  }

  @Test
  void nonPositiveStepsNameTheSetting() {
    assertThatThrownBy(() -> new FixedStepRungeKutta(ButcherTableau.RK4, 0, TimeGrid.Spacing.UNIFORM))
        .hasMessageContaining("integrator.steps");
  }
}
