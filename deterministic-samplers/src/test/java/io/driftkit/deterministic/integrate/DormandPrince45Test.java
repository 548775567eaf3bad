package io.driftkit.deterministic.integrate;

import io.driftkit.testkit.IntegratorContract;
import io.driftkit.testkit.TestProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** rk45 meets the generic contract and keeps its global error near the requested tolerance. */
class DormandPrince45Test extends IntegratorContract {

  @Override
  protected Integrator integrator(int steps) {
    return new DormandPrince45(1e-7, 1e-7, 10_000);
  }

  @Override
  protected int order() {
    return 5;
  }

  @Override
  protected int evaluationsPerStep() {
    return 0; // rejected steps and the starting-step probe also cost evaluations
  }

  /** Adaptive: the step count is not ours to halve; the fixed-grid tableau test checks order 5 instead. */
  @Override
  protected void assertOrder(TestProblems.Problem problem) {
    for (double tol : new double[] {1e-5, 1e-8, 1e-11}) {
      var rk45 = new DormandPrince45(tol, tol, 100_000);
      INDArray end = rk45.integrate(problem, problem.initial(), TimeGrid.of(0, problem.horizon()),
          new RandomSource(0), StepObserver.NONE).state();
      double error = end.sub(problem.exact()).amaxNumber().doubleValue();
      // local error control: the global error stays within a small multiple of the tolerance
      assertThat(error).as("global error at tol %s", tol).isLessThan(20 * tol);
    }
  }

  @Test
  void tighterToleranceCostsMoreEvaluations() {
    var problem = TestProblems.riccati();
    long loose = new DormandPrince45(1e-4, 1e-4, 10_000).integrate(problem, problem.initial(),
        TimeGrid.of(0, 2), new RandomSource(0), StepObserver.NONE).functionEvaluations();
    long tight = new DormandPrince45(1e-10, 1e-10, 10_000).integrate(problem, problem.initial(),
        TimeGrid.of(0, 2), new RandomSource(0), StepObserver.NONE).functionEvaluations();
    assertThat(tight).isGreaterThan(3 * loose);
  }

  @Test
  void exhaustedBudgetAndBadTolerancesNameTheSetting() {
    var problem = TestProblems.riccati();
    assertThatThrownBy(() -> new DormandPrince45(1e-12, 1e-12, 3).integrate(problem, problem.initial(),
        TimeGrid.of(0, 2), new RandomSource(0), StepObserver.NONE)).hasMessageContaining("integrator.max-steps");
    assertThatThrownBy(() -> new DormandPrince45(0, 1e-6, 10)).hasMessageContaining("integrator.rtol");
    assertThatThrownBy(() -> new DormandPrince45(-1, 1e-6, 10)).hasMessageContaining("integrator.rtol");
  }
}
