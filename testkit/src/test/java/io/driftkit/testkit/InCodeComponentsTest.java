package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Integrator;
import io.driftkit.api.Prediction;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.DriftModels;
import io.driftkit.toolkit.Integrators;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Integrators and drift models written as lambdas ({@link Integrators}, {@link DriftModels}) meet the contracts a
 * plugin's do: Heun's step written in code reaches order 2 on the contract's problems with exact solutions,
 * Euler–Maruyama's kernel written in code (the linear part of the drift, where the dynamics have one, in its factor a)
 * has weak order 1 and the law of its recursion on Ornstein–Uhlenbeck.
 */
class InCodeComponentsTest {

  /** Heun's method as a program would write it. */
  static Integrator heun(int steps) {
    return Integrators.ode(steps, TimeGrid.Spacing.UNIFORM, (dynamics, x, t, h, b) -> {
      INDArray predictor = x.add(b.mul(h));
      return x.add(b.add(dynamics.drift(predictor, t + h)).muli(h / 2));
    });
  }

  @Nested
  class HeunFromAStep extends OdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return heun(steps);
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
  class EulerMaruyamaFromAKernel extends SdeIntegratorContract {
    @Override
    protected Integrator integrator(int steps) {
      return Integrators.gaussian(steps, TimeGrid.Spacing.UNIFORM,
          (dynamics, t, h) -> new Integrator.Kernel(dynamics.linearPart().map(l -> 1 + h * l.rate(t)).orElse(1.0), h,
              Math.pow(dynamics.diffusion(t), 2) * h));
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

  @Test
  void aStepOfTheWrongShapeIsRefusedNamingTheStep() {
    Integrator bad = Integrators.ode(4, TimeGrid.Spacing.UNIFORM, (dynamics, x, t, h, b) -> Nd4j.zeros(x.size(0) + 1, x.size(1)));
    assertThatThrownBy(() -> bad.integrate(TestProblems.riccati(), TestProblems.riccati().initial(),
        bad.grid(0, 1), new io.driftkit.api.RandomSource(0), io.driftkit.api.StepObserver.NONE))
        .hasMessageContaining("in-code integrator: step 0");
  }

  /** The score of N(0, I) is -x at every time; each row gets its own time in the batched form. */
  @Test
  void aModelFromARowFunctionEvaluatesEveryRowAtItsTime() {
    DriftModel model = DriftModels.of(2, (x, t) -> new double[] {-x[0] * t, -x[1] * t});
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    assertThat(Rows.values(model.evaluate(x, 0.5))).containsExactly(-0.5, -1, -1.5, -2);
    assertThat(Rows.values(model.evaluate(x, Nd4j.createFromArray(1.0, 2.0)))).containsExactly(-1, -2, -6, -8);
    assertThat(model.fixedPrediction()).isEmpty();
    assertThat(DriftModels.score(2, (y, t) -> y).fixedPrediction()).contains(Prediction.SCORE);
  }

  @Test
  void aModelReturningTheWrongLengthOrNaNIsRefusedNamingTheRow() {
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    assertThatThrownBy(() -> DriftModels.of(2, (y, t) -> new double[] {1}).evaluate(x, 0.0))
        .hasMessage("in-code model: value at row 0, t = 0.0 has 1 entries; expected 2");
    assertThatThrownBy(() -> DriftModels.of(2, (y, t) -> new double[] {y[0] > 2 ? Double.NaN : 0, 0})
        .evaluate(x, 0.25)).hasMessage("in-code model: entry 0 is NaN at row 1 [3.0, 4.0], t = 0.25");
    assertThatThrownBy(() -> DriftModels.of(3, (y, t) -> y).evaluate(x, 0.0))
        .hasMessageContaining("in-code model");
    assertThatThrownBy(() -> DriftModels.of(0, (y, t) -> y)).isInstanceOf(IllegalArgumentException.class);
  }
}
