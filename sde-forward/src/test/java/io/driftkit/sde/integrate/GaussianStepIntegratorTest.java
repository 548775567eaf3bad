package io.driftkit.sde.integrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.OrnsteinUhlenbeck;
import io.driftkit.sde.forward.SubVariancePreserving;
import io.driftkit.sde.forward.VarianceExploding;
import io.driftkit.sde.forward.VariancePreserving;
import io.driftkit.toolkit.Rows;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exponential and ancestral steps against independent facts: the closed-form linear part of a reversed forward
 * process against its defining integrals (computed by composite Simpson quadrature), exactness of the exponential
 * step on a purely linear SDE at any step size, and the ancestral step keeping a stationary Gaussian unchanged.
 */
class GaussianStepIntegratorTest {

  private static final List<ForwardProcess> PROCESSES = List.of(
      new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0),
      new VariancePreserving(BetaSchedule.cosine(), 1.0, 2.0),
      new SubVariancePreserving(BetaSchedule.linear(0.1, 20), 1.0),
      new VarianceExploding(0.01, 10, 1.0),
      new OrnsteinUhlenbeck(1.5, 2.0, 3.0));

  /** Composite Simpson rule with 2m intervals. */
  private static double simpson(DoubleUnaryOperator f, double a, double b, int m) {
    double h = (b - a) / (2 * m);
    double s = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < 2 * m; i++) {
      s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return s * h / 3;
  }

  @Test
  void theReversedLinearPartMatchesItsDefiningIntegrals() {
    for (ForwardProcess forward : PROCESSES) {
      Dynamics reverse = forward.reverse((x, t) -> x.mul(0), 1, true);
      Dynamics.LinearPart lin = reverse.linearPart().orElseThrow();
      double horizon = forward.horizon();
      // a step in the middle and the last step (which reaches t = 0, where sigma vanishes)
      for (double[] step : new double[][] {{0.3 * horizon, 0.2 * horizon}, {0.9 * horizon, 0.1 * horizon}}) {
        double s = step[0];
        double h = step[1];
        DoubleUnaryOperator integratedRate = u -> simpson(lin::rate, u, s + h, 200);
        double growth = Math.exp(integratedRate.applyAsDouble(s));
        double weight = simpson(u -> Math.exp(integratedRate.applyAsDouble(u)), s, s + h, 200);
        double noise = simpson(u -> Math.exp(2 * integratedRate.applyAsDouble(u)) * Math.pow(reverse.diffusion(u), 2),
            s, s + h, 200);
        String what = forward.getClass().getSimpleName() + " at s = " + s;
        assertThat(lin.growth(s, h)).as(what).isCloseTo(growth, within(1e-8 * growth));
        assertThat(lin.remainderWeight(s, h)).as(what).isCloseTo(weight, within(1e-8 * weight));
        assertThat(lin.noiseVariance(s, h)).as(what).isCloseTo(noise, within(1e-7 * noise + 1e-12));
      }
    }
  }

  @Test
  void theExponentialStepSolvesALinearSdeExactlyAtAnyStepSize() {
    for (ForwardProcess forward : PROCESSES) {
      Dynamics linear = forward.reverse((x, t) -> x.mul(0), 1, true); // dY = rate Y ds + g dW, no remainder
      ExponentialEuler exponential = new ExponentialEuler(1, TimeGrid.Spacing.UNIFORM);
      double end = 0.95 * forward.horizon();
      Integrator.Kernel whole = exponential.kernel(linear, 0, end);
      for (int steps : new int[] {1, 3, 17}) {
        TimeGrid grid = TimeGrid.spaced(TimeGrid.Spacing.COSINE, 0, end, steps);
        double mean = 1;
        double var = 0;
        for (int k = 0; k < steps; k++) {
          Integrator.Kernel kernel = exponential.kernel(linear, grid.time(k), grid.step(k));
          mean = kernel.a() * mean;
          var = kernel.a() * kernel.a() * var + kernel.variance();
        }
        String what = forward.getClass().getSimpleName() + ", " + steps + " steps";
        assertThat(mean).as(what).isCloseTo(whole.a(), within(1e-12 * whole.a()));
        assertThat(var).as(what).isCloseTo(whole.variance(), within(1e-12 * whole.variance()));
      }
    }
  }

  @Test
  void theAncestralStepKeepsTheStationaryGaussianOfTheVpProcess() {
    // data N(0, 1) under VP with unit scale: every marginal is N(0, 1), the exact score is -x, and the ancestral step
    // (Y + V s) / kappa + sqrt(V) Z maps N(0, 1) to N(0, 1) exactly: variance (kappa)^2 + V = 1 with V = 1 - kappa^2
    ForwardProcess vp = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
    Dynamics reverse = vp.reverse((x, t) -> x.neg(), 1, true);
    AncestralStep ancestral = new AncestralStep(1, TimeGrid.Spacing.UNIFORM);
    TimeGrid grid = TimeGrid.uniform(0, 1, 25);
    double var = 1;
    for (int k = 0; k < grid.steps(); k++) {
      double s = grid.time(k);
      Integrator.Kernel kernel = ancestral.kernel(reverse, s, grid.step(k));
      double g = reverse.diffusion(s);
      double factor = kernel.a() - kernel.c() * g * g; // remainder g^2 score = -g^2 y
      var = factor * factor * var + kernel.variance();
      assertThat(var).as("after step " + k).isCloseTo(1, within(1e-12));
    }
    // the integration loop draws from the same kernels: 20000 chains keep variance 1 within 5 standard errors
    int n = 20000;
    var end = ancestral.integrate(reverse, new RandomSource(3).normal(n, 1), grid, new RandomSource(4),
        StepObserver.NONE).state();
    double[] v = Rows.values(end);
    double m2 = 0;
    for (double x : v) {
      m2 += x * x / n;
    }
    assertThat(m2).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
  }

  @Test
  void stepsThatNeedALinearPartRefuseDynamicsWithoutOne() {
    Dynamics plain = new Dynamics() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public org.nd4j.linalg.api.ndarray.INDArray drift(org.nd4j.linalg.api.ndarray.INDArray x, double t) {
        return x.neg();
      }

      @Override
      public double diffusion(double t) {
        return 1;
      }
    };
    assertThatThrownBy(() -> new ExponentialEuler(4, TimeGrid.Spacing.UNIFORM).kernel(plain, 0, 0.1))
        .hasMessageContaining("'exponential'").hasMessageContaining("linear part");
    assertThatThrownBy(() -> new AncestralStep(4, TimeGrid.Spacing.UNIFORM).integrate(plain, Nd4j.zeros(2, 1),
        TimeGrid.uniform(0, 1, 4), new RandomSource(1), StepObserver.NONE)).hasMessageContaining("'ancestral'");
    Integrator.Kernel em = new EulerMaruyama(4, TimeGrid.Spacing.UNIFORM).kernel(plain, 0, 0.1);
    assertThat(em).isEqualTo(new Integrator.Kernel(1, 0.1, 0.1));
  }
  /**
   * The row-array remainder and drift that the integrators' loops call equal the array ones, for the SDE and the
   * probability-flow ODE of every process, with a score that has its own row-array implementation (the Gaussian
   * score -(x - 1) / 2, written twice).
   */
  @Test
  void theRowArrayRemainderIsTheArrayRemainder() {
    ForwardProcess.ScoreFunction gaussian = new ForwardProcess.ScoreFunction() {
      @Override
      public org.nd4j.linalg.api.ndarray.INDArray score(org.nd4j.linalg.api.ndarray.INDArray x, double t) {
        return x.sub(1).divi(-2);
      }

      @Override
      public void score(double[] x, int n, int d, double t, double[] out) {
        for (int i = 0; i < n * d; i++) {
          out[i] = -(x[i] - 1) / 2;
        }
      }
    };
    double[] x = Rows.values(new RandomSource(9).normal(5, 3));
    for (ForwardProcess forward : PROCESSES) {
      for (boolean stochastic : new boolean[] {true, false}) {
        Dynamics reverse = forward.reverse(gaussian, 3, stochastic);
        for (double s : new double[] {0, 0.4 * forward.horizon(), 0.95 * forward.horizon()}) {
          double[] expected = Rows.values(reverse.remainder(Rows.matrix(x, 5, 3), s));
          double[] rows = new double[x.length];
          reverse.remainder(x, 5, s, rows);
          double[] expectedDrift = Rows.values(reverse.drift(Rows.matrix(x, 5, 3), s));
          double[] rowDrift = new double[x.length];
          reverse.drift(x, 5, s, rowDrift);
          for (int i = 0; i < x.length; i++) {
            assertThat(rows[i]).as("remainder %s stochastic=%s s=%s", forward, stochastic, s)
                .isCloseTo(expected[i], within(1e-13 * (1 + Math.abs(expected[i]))));
            assertThat(rowDrift[i]).as("drift %s stochastic=%s s=%s", forward, stochastic, s)
                .isCloseTo(expectedDrift[i], within(1e-13 * (1 + Math.abs(expectedDrift[i]))));
          }
        }
      }
    }
  }
}
