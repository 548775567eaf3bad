package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of an ODE integrator: its measured order on a linear and a non-linear problem with known solutions
 * ({@link TestProblems}), diffusion refused by name, and the drift each step reports being the drift at its state.
 * A subclass gives the integrator, its order and step counts in the asymptotic range.
 */
public abstract class OdeIntegratorContract extends IntegratorContract {

  /** The order of convergence. */
  protected abstract int order();

  /** Two step counts N and 2N in the asymptotic regime yet above round-off, for the order check. */
  protected int[] orderCheckSteps() {
    return new int[] {50, 100};
  }

  @Override
  protected Dynamics referenceDynamics() {
    return TestProblems.riccati();
  }

  @Test
  public void isAnOdeIntegrator() {
    assertThat(integrator(4).kind()).isEqualTo(Integrator.Kind.ODE);
  }

  @Test
  public void reachesItsOrderOnALinearProblem() {
    assertOrder(TestProblems.dampedRotation());
  }

  @Test
  public void reachesItsOrderOnANonLinearProblem() {
    assertOrder(TestProblems.riccati());
  }

  /**
   * The observed order log(e_N / e_2N) / log 2 from the maximum errors at T with N and 2N steps. At step counts in
   * the asymptotic range the leading term dominates, so a wrong coefficient shows up as a lower order (slack 0.25
   * for the next term). Above, 1.25: Dormand–Prince's coefficients make its principal error constant tiny by
   * design, so on some problems its h^6 term still dominates at usable step sizes.
   */
  protected void assertOrder(TestProblems.Problem problem) {
    int[] n = orderCheckSteps();
    double coarse = error(problem, n[0]);
    double fine = error(problem, n[1]);
    double observed = Math.log(coarse / fine) / Math.log((double) n[1] / n[0]);
    assertThat(observed).as("observed order (errors %s, %s)", coarse, fine)
        .isBetween(order() - 0.25, order() + 1.25);
  }

  /** The maximum error at the problem's horizon with {@code steps} uniform steps. */
  protected double error(TestProblems.Problem problem, int steps) {
    Integrator integrator = integrator(steps);
    INDArray end = integrator.integrate(problem, problem.initial(), TimeGrid.uniform(0, problem.horizon(), steps),
        new RandomSource(0), StepObserver.NONE).state();
    return end.sub(problem.exact()).amaxNumber().doubleValue();
  }

  @Test
  public void refusesDiffusionNamingTheKey() {
    Integrator integrator = integrator(4);
    assertThatThrownBy(() -> integrator.integrate(TestProblems.ornsteinUhlenbeck(1, 0.5), Nd4j.ones(2, 1),
        integrator.grid(0, 1), new RandomSource(0), StepObserver.NONE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'integrator'").hasMessageContaining("diffusion");
  }

  /**
   * Each step's {@code drift} is b(state, time), also after an observer moved the previous state: an integrator
   * that reuses a stage across steps (first same as last) must notice the correction.
   */
  @Test
  public void reportedDriftIsTheDriftAtTheStateEvenAfterACorrection() {
    Integrator integrator = integrator(6);
    TestProblems.Problem problem = TestProblems.riccati();
    double[] worst = {0};
    int[] steps = {0};
    StepObserver check = step -> {
      INDArray expected = problem.drift(step.state(), step.time());
      worst[0] = Math.max(worst[0], step.drift().sub(expected).amaxNumber().doubleValue());
      steps[0]++;
      step.next().muli(0.9); // a correction, as a projection or Metropolis filter would make
    };
    integrator.integrate(problem, problem.initial(), integrator.grid(0, 1), new RandomSource(0), check);
    assertThat(steps[0]).isPositive();
    assertThat(worst[0]).as("largest |reported drift - b(state, t)|").isLessThanOrEqualTo(1e-12);
  }
}
