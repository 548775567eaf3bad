package io.driftkit.deterministic.integrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.testkit.OdeIntegratorContract;
import io.driftkit.testkit.TestProblems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** rk45 meets the ODE contract, keeps its global error near the tolerance and reuses its last stage. */
class DormandPrince45Test extends OdeIntegratorContract {

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

  /** Counts drift calls and records their times. */
  private static final class Counting implements Dynamics {
    final Dynamics inner;
    final List<Double> times = new ArrayList<>();

    Counting(Dynamics inner) {
      this.inner = inner;
    }

    @Override
    public int dim() {
      return inner.dim();
    }

    @Override
    public INDArray drift(INDArray x, double t) {
      times.add(t);
      return inner.drift(x, t);
    }

    @Override
    public double diffusion(double t) {
      return inner.diffusion(t);
    }
  }

  /**
   * First same as last: the 7th stage of an accepted step is the 1st of the next, and the starting-step probe's
   * f(x0) is the first step's, so every attempt costs 6 drift evaluations: NFE = 2 + 6 x attempts (it was 7 per
   * attempt). On the damped rotation at 1e-6 no step is rejected, so attempts = accepted steps.
   */
  @Test
  void everyStepCostsSixDriftEvaluations() {
    for (double tol : new double[] {1e-6, 1e-9}) {
      TestProblems.Problem problem = TestProblems.dampedRotation();
      Counting counting = new Counting(problem);
      int[] observed = {0};
      Integrator.IntegrationResult result = new DormandPrince45(tol, tol, 10_000).integrate(counting,
          problem.initial(), TimeGrid.of(0, problem.horizon()), new RandomSource(0), step -> observed[0]++);
      long calls = counting.times.size();
      assertThat(result.functionEvaluations()).as("reported NFE").isEqualTo(calls);
      assertThat(observed[0]).isEqualTo(result.steps());
      assertThat((calls - 2) % 6).as("6 evaluations per attempt (calls %d)", calls).isZero();
      if (tol == 1e-6) {
        assertThat(calls).isEqualTo(2 + 6L * result.steps());
      }
    }
  }

  /** At a loose tolerance the controller rejects some attempts; each still costs 6. */
  @Test
  void rejectedAttemptsCostSixToo() {
    TestProblems.Problem problem = TestProblems.riccati();
    Counting counting = new Counting(problem);
    Integrator.IntegrationResult result = new DormandPrince45(1e-3, 1e-3, 10_000).integrate(counting,
        problem.initial(), TimeGrid.of(0, problem.horizon()), new RandomSource(0), StepObserver.NONE);
    long calls = counting.times.size();
    assertThat(result.functionEvaluations()).isEqualTo(calls);
    assertThat((calls - 2) % 6).as("calls %d, accepted %d", calls, result.steps()).isZero();
    assertThat(calls).as("some attempts were rejected").isGreaterThan(2 + 6L * result.steps());
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
