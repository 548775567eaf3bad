package io.driftkit.deterministic;

import static io.driftkit.deterministic.GaussianClosedFormTest.T_MIN;
import static io.driftkit.deterministic.GaussianClosedFormTest.V0;
import static io.driftkit.deterministic.GaussianClosedFormTest.VE;
import static io.driftkit.deterministic.GaussianClosedFormTest.VP;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.DpmSolverPlusPlus;
import io.driftkit.deterministic.sampler.Edm;
import io.driftkit.deterministic.sampler.RestorationDegradation;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.forward.LinearForwardProcess;
import io.driftkit.toolkit.GaussianMixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The noise-schedule samplers run on row arrays and show observers the step in arrays of their own: an observer that
 * only looks must change no number, and what an observer writes into the next state must be what the sampler
 * continues from (here: zero at every step, so zero at the end).
 */
class ReversalSamplersObservedTest {

  private record Case(String name, Integrator sampler, LinearForwardProcess process) {}

  private static final List<Case> CASES = List.of(
      new Case("ddim", new Ddim(8, 0, StepSchedule.TIME), VP),
      new Case("ddim eta 1", new Ddim(8, 1, StepSchedule.TIME), VP),
      new Case("dpm-solver 2", new DpmSolverPlusPlus(8, 2, StepSchedule.LOG_SNR, true), VP),
      new Case("dpm-solver 3", new DpmSolverPlusPlus(8, 3, StepSchedule.LOG_SNR, true), VP),
      new Case("edm heun with churn", new Edm(8, 0.002, 0, 7, Edm.Solver.HEUN, 2.0, 0.05, 5, 1.007), VE),
      new Case("edm euler", new Edm(8, 0.002, 0, 7, Edm.Solver.EULER, 0, 0, 1e9, 1), VE),
      new Case("rd closed form", new RestorationDegradation(8, StepSchedule.TIME, 4), VP),
      new Case("rd integrated", new RestorationDegradation(8, StepSchedule.TIME, 4, false), VP));

  private static INDArray run(Case c, StepObserver observer) {
    ForwardProcess p = c.process();
    OracleScoreModel score = new OracleScoreModel(GaussianMixture.isotropic(new double[] {1, 2},
        new double[][] {{0, 1}, {2, -1}}, new double[] {V0, 0.5 * V0}), c.process());
    Dynamics dynamics = p.reverse(ForwardProcess.ScoreFunction.of(score), 2,
        c.sampler().kind() == Integrator.Kind.SDE);
    INDArray x0 = new RandomSource(5).normal(6, 2).muli(p.linear().orElseThrow().sigma(p.horizon()));
    return c.sampler().integrate(dynamics, x0, TimeGrid.uniform(0, p.horizon() - T_MIN, 8), new RandomSource(6),
        observer).state();
  }

  @Test
  void observingChangesNoNumber() {
    for (Case c : CASES) {
      INDArray unobserved = run(c, StepObserver.NONE);
      assertThat(unobserved.amaxNumber().doubleValue()).as(c.name()).isPositive();
      assertThat(run(c, step -> { })).as(c.name()).isEqualTo(unobserved);
    }
  }

  @Test
  void whatAnObserverWritesIntoTheNextStateIsKept() {
    for (Case c : CASES) {
      assertThat(run(c, step -> step.next().assign(0)).amaxNumber().doubleValue()).as(c.name()).isEqualTo(0.0);
    }
  }
}
