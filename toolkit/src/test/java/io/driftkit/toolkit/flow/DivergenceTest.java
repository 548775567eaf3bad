package io.driftkit.toolkit.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DivergenceTest {

  /** v(x) = A x + sin(x_0) e_1: divergence trace(A) + 0 (the sine term does not depend on x_1). */
  private static final double[][] A = {{-1.0, 0.5, 0.2}, {0.3, 2.0, -0.7}, {0.1, 0.4, -0.5}};

  private static INDArray field(INDArray x, double t) {
    double[] v = Rows.values(x);
    int n = (int) x.size(0);
    double[] out = new double[v.length];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < 3; i++) {
        double s = 0;
        for (int j = 0; j < 3; j++) {
          s += A[i][j] * v[r * 3 + j];
        }
        out[r * 3 + i] = s * (1 + t) + (i == 1 ? Math.sin(v[r * 3]) : 0) + (i == 2 ? v[r * 3 + 2] * v[r * 3 + 2] : 0);
      }
    }
    return Rows.matrix(out, n, 3);
  }

  @Test
  void exactDivergenceMatchesTheTraceOfTheJacobian() {
    INDArray x = new RandomSource(1).normal(5, 3);
    double[] xv = Rows.values(x);
    double[] div = Divergence.exact(DivergenceTest::field, x, 0.5, Divergence.DEFAULT_STEP);
    for (int r = 0; r < 5; r++) {
      // trace((1 + t) A) + d/dx_2 (x_2^2)
      double expected = 1.5 * (-1.0 + 2.0 - 0.5) + 2 * xv[r * 3 + 2];
      assertThat(div[r]).isCloseTo(expected, within(1e-7));
    }
  }

  @Test
  void hutchinsonIsUnbiasedWithinItsMonteCarloError() {
    INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -0.2, 0.7}});
    double exact = Divergence.exact(DivergenceTest::field, x, 0, Divergence.DEFAULT_STEP)[0];
    int probes = 4000;
    double[] single = new double[probes];
    RandomSource random = new RandomSource(7);
    double mean = 0;
    for (int p = 0; p < probes; p++) {
      single[p] = Divergence.hutchinson(DivergenceTest::field, x, 0, 1, Divergence.DEFAULT_STEP, random)[0];
      mean += single[p] / probes;
    }
    double var = 0;
    for (double s : single) {
      var += (s - mean) * (s - mean) / (probes - 1);
    }
    assertThat(var).isGreaterThan(0.1); // the estimator is genuinely random for this non-diagonal Jacobian
    assertThat(mean).isCloseTo(exact, within(4 * Math.sqrt(var / probes)));
  }

  @Test
  void logDensityFlowAccumulatesTheDivergenceOfALinearContraction() {
    // dx/ds = -x in 2-D: div = -2, so over s in [0, 1] the accumulator reaches -2 exactly and x shrinks by e^-1
    LogDensityFlow flow = new LogDensityFlow((x, t) -> x.neg(), 2, Divergence.DEFAULT_STEP, null);
    INDArray state = LogDensityFlow.augment(Nd4j.createFromArray(new double[][] {{1, 2}, {-0.5, 0.3}}));
    RungeKuttaStepper rk4 = new RungeKuttaStepper(ButcherTableau.RK4, state);
    INDArray next = state.ulike();
    int steps = 50;
    for (int k = 0; k < steps; k++) {
      rk4.step(flow, state, k / (double) steps, 1.0 / steps, next);
      state.assign(next);
    }
    assertThat(LogDensityFlow.integratedDivergence(state)).containsExactly(new double[] {-2, -2}, within(1e-8));
    assertThat(LogDensityFlow.state(state).getDouble(0, 0)).isCloseTo(Math.exp(-1), within(1e-8));
  }

  @Test
  void refusesABadStep() {
    INDArray x = Nd4j.zeros(1, 3);
    assertThatThrownBy(() -> Divergence.exact(DivergenceTest::field, x, 0, 0)).hasMessageContaining("step");
    assertThatThrownBy(() -> Divergence.exact(DivergenceTest::field, x, 0, Double.NaN)).hasMessageContaining("step");
  }
}
