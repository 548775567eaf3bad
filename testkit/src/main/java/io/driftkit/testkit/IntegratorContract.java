package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every integrator promises, ODE or SDE: steps reported in order and covering the grid, the drift evaluation
 * count, {@code x0} left alone, observers that may correct the state and that change nothing by looking, and one seed
 * giving the same numbers twice.
 * Plugin authors subclass {@link OdeIntegratorContract} or {@link SdeIntegratorContract}, which add the accuracy
 * checks of their kind.
 */
public abstract class IntegratorContract {

  /** The integrator with {@code steps} steps on a uniform grid (adaptive ones may ignore steps). */
  protected abstract Integrator integrator(int steps);

  /** Drift evaluations per step, or 0 when it varies (adaptive integrators). */
  protected abstract int evaluationsPerStep();

  /** The problem the generic checks integrate over [0, 1]. */
  protected abstract Dynamics referenceDynamics();

  @Test
  public void observerSeesEveryStepInOrderAndNfeIsCounted() {
    Integrator integrator = integrator(8);
    TimeGrid grid = integrator.grid(0, 1);
    List<double[]> seen = new ArrayList<>();
    INDArray x0 = Nd4j.createFromArray(new double[][] {{0.5}, {1}});
    INDArray copy = x0.dup();
    Integrator.IntegrationResult result = integrator.integrate(referenceDynamics(), x0, grid, new RandomSource(1),
        step -> seen.add(new double[] {step.index(), step.time(), step.dt()}));
    assertThat(x0).as("x0 is not modified").isEqualTo(copy);
    assertThat(result.state().shape()).containsExactly(2, 1);
    assertThat(seen).hasSize(result.steps());
    double t = 0;
    for (int k = 0; k < seen.size(); k++) {
      assertThat(seen.get(k)[0]).isEqualTo(k);
      assertThat(seen.get(k)[1]).isCloseTo(t, within(1e-12));
      t += seen.get(k)[2];
    }
    assertThat(t).isCloseTo(1.0, within(1e-12));
    if (evaluationsPerStep() > 0) {
      assertThat(result.functionEvaluations()).isEqualTo((long) evaluationsPerStep() * result.steps());
    }
  }

  @Test
  public void observerMayCorrectTheStateInPlace() {
    Integrator integrator = integrator(5);
    StepObserver clampToZero = step -> step.next().assign(0);
    INDArray end = integrator.integrate(referenceDynamics(), Nd4j.ones(3, 1), integrator.grid(0, 1),
        new RandomSource(2), clampToZero).state();
    assertThat(end.amaxNumber().doubleValue()).isEqualTo(0.0);
  }

  /** An observer that only looks changes no number (integrators may take another path when nobody observes). */
  @Test
  public void observingChangesNoNumber() {
    Integrator integrator = integrator(10);
    INDArray x0 = Nd4j.createFromArray(new double[][] {{0.5}, {1}, {-0.3}});
    INDArray unobserved = integrator.integrate(referenceDynamics(), x0, integrator.grid(0, 1), new RandomSource(7),
        StepObserver.NONE).state();
    INDArray observed = integrator.integrate(referenceDynamics(), x0, integrator.grid(0, 1), new RandomSource(7),
        step -> { }).state();
    assertThat(observed).isEqualTo(unobserved);
  }

  @Test
  public void sameSeedSameNumbers() {
    Integrator integrator = integrator(10);
    INDArray a = integrator.integrate(referenceDynamics(), Nd4j.ones(4, 1), integrator.grid(0, 1),
        new RandomSource(5), StepObserver.NONE).state();
    INDArray b = integrator.integrate(referenceDynamics(), Nd4j.ones(4, 1), integrator.grid(0, 1),
        new RandomSource(5), StepObserver.NONE).state();
    assertThat(a).isEqualTo(b);
  }
}
