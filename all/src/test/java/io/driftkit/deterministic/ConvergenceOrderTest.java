package io.driftkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.integrate.DormandPrince45;
import io.driftkit.deterministic.integrate.FixedStepRungeKutta;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.DpmSolverPlusPlus;
import io.driftkit.deterministic.sampler.Edm;
import io.driftkit.deterministic.sampler.RestorationDegradation;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.VariancePreserving;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.integrate.ButcherTableau;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Orders of convergence on gmm-grid (nine modes) with its exact score under VP: every deterministic sampler maps a
 * fixed batch of prior points towards the endpoint of the probability-flow ODE from the same points, solved by rk45 at
 * rtol = atol = 1e-11; the RMS distance to it, at N and 2N steps in the asymptotic range, gives the observed order
 * log2(e_N / e_2N). The allowance of +-0.35 covers the next term of the error expansion at these N.
 *
 * <p>Measured RMS errors at 10, 20, 40, ..., 320 steps (the ladder this test was tuned on): euler 0.89, 0.61, 0.24,
 * 0.042, 0.021, 0.011; heun 0.077 ... 8.1e-5 (ratio 4); rk4 2.3e-3, 2.1e-4, 1.6e-5, 1.1e-6, 7.3e-8, 4.7e-9 (ratio 15);
 * ddim 0.69 ... 0.0093 (ratio 2 from 80 steps); dpm-solver 2M 0.19, 0.043, 0.015, 4.3e-3, 1.1e-3, 2.9e-4; 3M 0.50,
 * 0.16, 0.010, 1.8e-3, 3.5e-4, 7.7e-5; edm heun 0.67, 0.19, 0.017, 3.9e-3, 9.6e-4, 2.4e-4. DPM-Solver++(3M) starts
 * with a first-order and a second-order step (its warm-up, as in the reference code); the first step's O(h^2) local
 * error makes the method second order overall (observed 2.5, 2.3, 2.2 as N doubles from 40), with a smaller constant
 * than 2M's.
 */
class ConvergenceOrderTest {

  static final VariancePreserving VP = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
  static final MixtureTarget GRID = MixtureTarget.grid();
  static final OracleScoreModel SCORE = new OracleScoreModel(GRID.gaussianMixture(), VP);
  static final double T_MIN = 1e-3;
  static final INDArray START = new RandomSource(11).normal(64, 2);

  static Stream<Arguments> samplers() {
    return Stream.of(
        Arguments.of("euler", 1, 80, (IntFunction<Integrator>) n -> new FixedStepRungeKutta(ButcherTableau.EULER, n,
            TimeGrid.Spacing.UNIFORM), false),
        Arguments.of("heun", 2, 80, (IntFunction<Integrator>) n -> new FixedStepRungeKutta(ButcherTableau.HEUN, n,
            TimeGrid.Spacing.UNIFORM), false),
        Arguments.of("rk4", 4, 80, (IntFunction<Integrator>) n -> new FixedStepRungeKutta(ButcherTableau.RK4, n,
            TimeGrid.Spacing.UNIFORM), false),
        Arguments.of("ddim", 1, 80, (IntFunction<Integrator>) n -> new Ddim(n, 0, StepSchedule.TIME), false),
        Arguments.of("ddim log-snr", 1, 80, (IntFunction<Integrator>) n -> new Ddim(n, 0, StepSchedule.LOG_SNR),
            false),
        Arguments.of("rd", 1, 80, (IntFunction<Integrator>) n -> new RestorationDegradation(n, StepSchedule.QUADRATIC,
            4), false),
        Arguments.of("dpm-solver 2M", 2, 40, (IntFunction<Integrator>) n -> new DpmSolverPlusPlus(n, 2,
            StepSchedule.LOG_SNR, true), false),
        Arguments.of("dpm-solver 3M", 2, 160, (IntFunction<Integrator>) n -> new DpmSolverPlusPlus(n, 3,
            StepSchedule.LOG_SNR, true), false),
        Arguments.of("edm heun", 2, 40, (IntFunction<Integrator>) n -> new Edm(n, 0.002, 0, 7, Edm.Solver.HEUN, 0, 0,
            1e9, 1), true),
        Arguments.of("edm euler", 1, 80, (IntFunction<Integrator>) n -> new Edm(n, 0.002, 0, 7, Edm.Solver.EULER, 0,
            0, 1e9, 1), true));
  }

  static INDArray reference(double tEnd) {
    Dynamics ode = VP.reverse(SCORE::evaluate, 2, false);
    return new DormandPrince45(1e-11, 1e-11, 1_000_000).integrate(ode, START, TimeGrid.of(0, VP.horizon() - tEnd),
        new RandomSource(0), StepObserver.NONE).state();
  }

  static final INDArray TO_T_MIN = reference(T_MIN);
  static final INDArray TO_ZERO = reference(0);

  static double error(Integrator integrator, INDArray exact) {
    Dynamics ode = VP.reverse(SCORE::evaluate, 2, false);
    TimeGrid grid = TimeGrid.uniform(0, VP.horizon() - T_MIN, integrator.grid(0, 1).steps());
    INDArray end = integrator.integrate(ode, START, grid, new RandomSource(0), StepObserver.NONE).state();
    INDArray diff = end.sub(exact);
    return Math.sqrt(diff.mul(diff).meanNumber().doubleValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void reachesItsOrder(String name, int order, int steps, IntFunction<Integrator> make, boolean toZero) {
    INDArray exact = toZero ? TO_ZERO : TO_T_MIN;
    double coarse = error(make.apply(steps), exact);
    double fine = error(make.apply(2 * steps), exact);
    double observed = Math.log(coarse / fine) / Math.log(2);
    assertThat(observed).as("%s: errors %s at %s steps, %s at %s", name, coarse, steps, fine, 2 * steps)
        .isBetween(order - 0.35, order + 0.35);
    if (name.endsWith("3M")) {
      double twoM = error(new DpmSolverPlusPlus(2 * steps, 2, StepSchedule.LOG_SNR, true), exact);
      assertThat(fine).as("3M against 2M at %s steps", 2 * steps).isLessThan(twoM / 2);
    }
  }
}
