package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Exact W2 and the debiased Sinkhorn divergence against cases with known answers. */
class TransportTest {

  @Test
  void oneDimensionalByHand() {
    // {0, 2} vs {1}: every unit of mass moves by 1
    assertThat(Wasserstein.w2OneDimensional(new double[] {0, 2}, new double[] {1})).isCloseTo(1, within(1e-15));
    // {0, 1, 2} vs {0, 2}: the quantile functions differ by 1 on [1/3, 2/3)
    assertThat(Wasserstein.w2OneDimensional(new double[] {2, 0, 1}, new double[] {0, 2}))
        .isCloseTo(Math.sqrt(1.0 / 3), within(1e-15));
    double[] x = new RandomSource(4).normal(1000, 1).toDoubleVector();
    double[] shifted = x.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 0.7;
    }
    assertThat(Wasserstein.w2OneDimensional(x, shifted)).isCloseTo(0.7, within(1e-12));
    double[] reversed = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      reversed[i] = x[x.length - 1 - i];
    }
    assertThat(Wasserstein.w2OneDimensional(x, reversed)).isZero();
  }

  /**
   * N(0, 1) vs N(1, 2^2): W2^2 = (1 - 0)^2 + (2 - 1)^2 = 2. The sampling error is dominated by the errors of the
   * sample means and sds: sd(W2^2) ~ 2 sqrt(5/n) (mean) and 2 sqrt(2.5/n) (scale), about 0.017 for n = 1e5;
   * the tolerance is five of those.
   */
  @Test
  void oneDimensionalGaussiansMatchTheClosedForm() {
    int n = 100_000;
    RandomSource random = new RandomSource(5);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
      y[i] = 1 + 2 * random.nextGaussian();
    }
    double w2 = Wasserstein.w2OneDimensional(x, y);
    assertThat(w2 * w2).isCloseTo(2, within(5 * Math.sqrt(4 * 5.0 / n + 4 * 2.5 / n)));
  }

  @Test
  void exactAssignmentEqualsBruteForce() {
    RandomSource random = new RandomSource(6);
    for (int rep = 0; rep < 3; rep++) {
      int n = 7;
      double[] a = Rows.values(random.normal(n, 2));
      double[] b = Rows.values(random.normal(n, 2));
      double best = bruteForce(a, b, n, new int[n], new boolean[n], 0, 0);
      double w2 = Wasserstein.w2Exact(Rows.matrix(a, n, 2), Rows.matrix(b, n, 2));
      assertThat(w2 * w2 * n).isCloseTo(best, within(1e-12));
    }
  }

  @Test
  void exactW2OfPermutationAndTranslation() {
    RandomSource random = new RandomSource(7);
    INDArray x = random.normal(200, 2);
    double[] v = Rows.values(x);
    double[] moved = new double[v.length];
    for (int i = 0; i < 200; i++) {
      int j = (i * 37) % 200;
      moved[2 * i] = v[2 * j] + 0.3;
      moved[2 * i + 1] = v[2 * j + 1] - 0.4;
    }
    assertThat(Wasserstein.w2Exact(x, Rows.matrix(moved, 200, 2))).isCloseTo(0.5, within(1e-12));
    assertThat(Wasserstein.w2Exact(x, x)).isZero();
    assertThatThrownBy(() -> Wasserstein.w2Exact(x, random.normal(10, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equal sample sizes");
  }

  @Test
  void sinkhornIsZeroForIdenticalSetsAndInvariantToPermutation() {
    RandomSource random = new RandomSource(8);
    INDArray x = random.normal(150, 2);
    assertThat(Sinkhorn.divergence(x, x, 1e-3)).isCloseTo(0, within(1e-9));
    INDArray y = random.normal(120, 2).muli(1.5);
    double[] yv = Rows.values(y);
    double[] permuted = new double[yv.length];
    for (int i = 0; i < 120; i++) {
      System.arraycopy(yv, ((i * 7) % 120) * 2, permuted, i * 2, 2);
    }
    double s = Sinkhorn.divergence(x, y, 1e-2);
    assertThat(Sinkhorn.divergence(x, Rows.matrix(permuted, 120, 2), 1e-2)).isCloseTo(s, within(1e-8));
    assertThat(s).isGreaterThan(0);
  }

  /**
   * For cost |x - y|^2, translating a set by t adds a separable term to the cost, so the entropic plan is
   * unchanged and S_eps = |t|^2 exactly for every eps; and for single points S_eps = |p - q|^2.
   */
  @Test
  void sinkhornOfTranslationAndOfTwoDiracs() {
    RandomSource random = new RandomSource(9);
    INDArray x = random.normal(80, 2);
    INDArray y = x.dup().addRowVector(Rows.vector(new double[] {0.3, -0.4}));
    assertThat(Sinkhorn.divergence(x, y, 1e-3, 1e-10)).isCloseTo(0.25, within(1e-7));
    assertThat(Sinkhorn.divergence(x, y, 0.5, 1e-10)).isCloseTo(0.25, within(1e-7));
    INDArray p = Rows.matrix(new double[] {1, 2}, 1, 2);
    INDArray q = Rows.matrix(new double[] {-1, 0.5}, 1, 2);
    assertThat(Sinkhorn.divergence(p, q, 1e-3)).isCloseTo(4 + 2.25, within(1e-9));
  }

  /** With small eps on standardised data, S_eps is close to the exact W2^2 of the same two point clouds. */
  @Test
  void sinkhornApproachesExactW2ForSmallEps() {
    RandomSource random = new RandomSource(10);
    INDArray[] std = Sinkhorn.standardise(random.normal(150, 2),
        random.normal(150, 2).muli(0.5).addRowVector(Rows.vector(new double[] {1, 0})));
    double w2 = Wasserstein.w2Exact(std[0], std[1]);
    double s = Sinkhorn.divergence(std[0], std[1], 1e-3);
    // the debiased entropic bias at eps = 1e-3 is of order eps times a log factor; 1e-2 is generous for that
    assertThat(s).isCloseTo(w2 * w2, within(1e-2));
  }

  private static double bruteForce(double[] a, double[] b, int n, int[] perm, boolean[] used, int k, double acc) {
    if (k == n) {
      return acc;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (!used[j]) {
        used[j] = true;
        double dx = a[2 * k] - b[2 * j];
        double dy = a[2 * k + 1] - b[2 * j + 1];
        best = Math.min(best, bruteForce(a, b, n, perm, used, k + 1, acc + dx * dx + dy * dy));
        used[j] = false;
      }
    }
    return best;
  }
}
