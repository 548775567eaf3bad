package io.driftkit.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every registered target promises, checked for each one with its default settings. */
class TargetContractTest {

  static Stream<String> names() {
    return TargetTesting.factories().keySet().stream().sorted();
  }

  /** Test points: exact samples where the target has them, else 0.5 N(0, I) (inside every target's domain). */
  private static INDArray points(Target t, int n, RandomSource random) {
    return t.hasExactSampler() ? t.sample(n, random) : random.normal(n, t.dim()).muli(0.5);
  }

  @ParameterizedTest
  @MethodSource("names")
  void gradientEqualsCentralFiniteDifferences(String name) {
    Target t = TargetTesting.create(name);
    if (!t.hasGradient()) {
      assertThatThrownBy(() -> t.gradLogDensity(points(t, 3, new RandomSource(11))))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(name);
      return;
    }
    int d = t.dim();
    double[] x = Rows.values(points(t, 3, new RandomSource(11).split(name)));
    double[] g = Rows.values(t.gradLogDensity(Rows.matrix(x, 3, d)));
    double[] f = Rows.values(t.logDensity(Rows.matrix(x, 3, d)));
    // every coordinate for d <= 100, else 100 random ones (lgcp: the full check would cost 3200 x 1600^2 flops)
    RandomSource pick = new RandomSource(13).split(name);
    int[] coords = new int[Math.min(d, 100)];
    for (int c = 0; c < coords.length; c++) {
      coords[c] = d <= 100 ? c : pick.nextInt(d);
    }
    int m = coords.length;
    for (int r = 0; r < 3; r++) {
      // all 2m shifted copies of the point in one batch
      double[] shifted = new double[2 * m * d];
      double[] step = new double[m];
      for (int c = 0; c < m; c++) {
        int i = coords[c];
        step[c] = 1e-5 * Math.max(1, Math.abs(x[r * d + i]));
        System.arraycopy(x, r * d, shifted, (2 * c) * d, d);
        System.arraycopy(x, r * d, shifted, (2 * c + 1) * d, d);
        shifted[(2 * c) * d + i] += step[c];
        shifted[(2 * c + 1) * d + i] -= step[c];
      }
      double[] fs = Rows.values(t.logDensity(Rows.matrix(shifted, 2L * m, d)));
      for (int c = 0; c < m; c++) {
        int i = coords[c];
        double fd = (fs[2 * c] - fs[2 * c + 1]) / (2 * step[c]);
        double analytic = g[r * d + i];
        // truncation error O(h^2 f''') plus rounding eps |f| / h: with h ~ 1e-5 the latter is ~1e-11 |f|
        double tol = 1e-6 * (1 + Math.abs(analytic)) + 1e-9 * Math.abs(f[r]);
        assertThat(fd).as("%s: d/dx%d at point %d", name, i, r).isCloseTo(analytic, offset(tol));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void logDensityFiniteAndBatchOfOneEqualsRowOfBatch(String name) {
    Target t = TargetTesting.create(name);
    int d = t.dim();
    INDArray x = points(t, 5, new RandomSource(12).split(name));
    if (!t.hasLogDensity()) {
      // data-only: no density, and asking for one is an error naming the target
      assertThat(t.hasGradient()).isFalse();
      assertThatThrownBy(() -> t.logDensity(x)).isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining(name);
      return;
    }
    double[] all = Rows.values(t.logDensity(x));
    double[] grads = t.hasGradient() ? Rows.values(t.gradLogDensity(x)) : new double[5 * d];
    assertThat(all).hasSize(5);
    for (int r = 0; r < 5; r++) {
      assertThat(Double.isFinite(all[r])).as("%s log density finite at row %d", name, r).isTrue();
      INDArray row = x.getRow(r, true).dup();
      double one = t.logDensity(row).getDouble(0);
      assertThat(one).isCloseTo(all[r], offset(1e-12 * (1 + Math.abs(all[r]))));
      double[] g1 = t.hasGradient() ? Rows.values(t.gradLogDensity(row)) : new double[d];
      for (int i = 0; i < d; i++) {
        assertThat(Double.isFinite(grads[r * d + i])).isTrue();
        assertThat(g1[i]).isCloseTo(grads[r * d + i],
            offset(1e-11 * (1 + Math.abs(grads[r * d + i]))));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void wrongDimensionIsAClearError(String name) {
    Target t = TargetTesting.create(name);
    INDArray wrong = new RandomSource(1).normal(2, t.dim() + 1);
    assertThatThrownBy(() -> t.logDensity(wrong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[n, " + t.dim() + "]").hasMessageContaining(name);
    assertThatThrownBy(() -> t.gradLogDensity(wrong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[n, " + t.dim() + "]");
  }

  @ParameterizedTest
  @MethodSource("names")
  void samplesHaveTheRightShapeOrTheTargetSaysItHasNone(String name) {
    Target t = TargetTesting.create(name);
    if (t.hasExactSampler()) {
      INDArray s = t.sample(7, new RandomSource(3));
      assertThat(s.shape()).containsExactly(7, t.dim());
      assertThat(Rows.values(t.sample(7, new RandomSource(3)))).containsExactly(Rows.values(s));
    } else {
      assertThatThrownBy(() -> t.sample(7, new RandomSource(3))).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(t.plotBox()).isNotNull();
  }
}
