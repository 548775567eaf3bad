package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MmdTest {

  /**
   * N(0, I) against N(mu, I) in 2-D with h = 1: E k(X, X') = (1 + 2/h^2)^(-d/2) and
   * E k(X, Y) = (1 + 2/h^2)^(-d/2) exp(-|mu|^2 / (2 (h^2 + 2))). The estimator is unbiased, so the mean over 20
   * independent replicates must match within five standard errors of that mean.
   */
  @Test
  void unbiasedForTwoGaussians() {
    double[] mu = {1, 0};
    double truth = 2 * Math.pow(3, -1) * (1 - Math.exp(-1.0 / 6));
    int reps = 20;
    double[] est = new double[reps];
    RandomSource random = new RandomSource(2);
    for (int r = 0; r < reps; r++) {
      INDArray x = random.normal(300, 2);
      INDArray y = random.normal(300, 2).addRowVector(Rows.vector(mu));
      est[r] = Mmd.squared(x, y, 1.0);
    }
    double mean = java.util.Arrays.stream(est).average().orElseThrow();
    assertThat(mean).isCloseTo(truth, within(5 * LogZTest.sd(est) / Math.sqrt(reps)));
  }

  @Test
  void identicalSetsGiveAlmostZeroAndPermutationsChangeNothing() {
    RandomSource random = new RandomSource(3);
    INDArray x = random.normal(400, 3);
    // for identical sets the U-statistic is 2 (mean off-diagonal k - mean of all k) = O(1/n)
    assertThat(Mmd.squared(x, x)).isBetween(-2.0 / 400, 0.0);
    INDArray y = random.normal(300, 3).addi(0.5);
    double[] yv = Rows.values(y);
    double[] permuted = new double[yv.length];
    for (int i = 0; i < 300; i++) {
      System.arraycopy(yv, ((i * 7) % 300) * 3, permuted, i * 3, 3);
    }
    double a = Mmd.squared(x, y);
    assertThat(Mmd.squared(x, Rows.matrix(permuted, 300, 3))).isCloseTo(a, within(1e-12));
    assertThat(a).isGreaterThan(0.01);
  }

  @Test
  void medianBandwidthByHand() {
    INDArray x = Rows.matrix(new double[] {0, 1}, 2, 1);
    INDArray y = Rows.matrix(new double[] {3, 7}, 2, 1);
    // pooled distances 1, 3, 7, 2, 6, 4: median (3 + 4) / 2
    assertThat(Mmd.medianBandwidth(x, y)).isEqualTo(3.5);
    assertThatThrownBy(() -> Mmd.squared(x, Rows.matrix(new double[] {1, 2, 3, 4}, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
  }

  /**
   * E k(X, Y) for X ~ N(m1, s1^2 I), Y ~ N(m2, s2^2 I) independent and the Gaussian kernel of bandwidth h in d
   * dimensions: (h^2 / (h^2 + s1^2 + s2^2))^(d/2) exp(-|m1 - m2|^2 / (2 (h^2 + s1^2 + s2^2))).
   */
  static double expectedKernel(double h, double s1, double s2, double distance2, int d) {
    double v = h * h + s1 * s1 + s2 * s2;
    return Math.pow(h * h / v, d / 2.0) * Math.exp(-distance2 / (2 * v));
  }

  /** The closed-form MMD^2 of N(mu, s^2 I) against N(0, I), |mu|^2 = distance2, under a mean of Gaussian kernels. */
  static double closedForm(double[] h, double s, double distance2, int d) {
    double total = 0;
    for (double b : h) {
      total += expectedKernel(b, s, s, 0, d) + expectedKernel(b, 1, 1, 0, d) - 2 * expectedKernel(b, s, 1, distance2, d);
    }
    return total / h.length;
  }

  /**
   * A multi-scale kernel (bandwidths 2, 0.5, 0.125) on errors of width (s = 0.3 and 2) and location: the mean of
   * the U-statistic over 60 redraws matches the closed form within five standard errors of that mean, and the mean
   * jackknife standard error is close to the actual spread over the redraws. Over 300 redraws (numpy, same
   * setting) the ratio was 1.29 for equal laws (the degenerate case, where the jackknife is conservative) and
   * 0.98-1.01 for the three others; the sd of 60 draws is itself uncertain by about 9 %, hence [0.75, 1.6].
   */
  @Test
  void multiScaleKernelIsUnbiasedAndItsJackknifeErrorCalibrated() {
    Mmd.Kernel kernel = new Mmd.Kernel(new double[] {2, 0.5, 0.125});
    int reps = 60;
    int n = 300;
    int d = 2;
    RandomSource random = new RandomSource(21);
    double[][] cases = {{1, 0}, {0.3, 0}, {2, 0}, {1, 0.25}};
    for (double[] c : cases) {
      double s = c[0];
      double shift = c[1];
      double truth = closedForm(kernel.bandwidths(), s, shift * shift, d);
      double[] est = new double[reps];
      double[] se = new double[reps];
      for (int r = 0; r < reps; r++) {
        INDArray x = random.normal(n, d).muli(s).addRowVector(Rows.vector(new double[] {shift, 0}));
        INDArray y = random.normal(n, d);
        Mmd.Estimate e = Mmd.estimate(x, y, kernel);
        est[r] = e.value();
        se[r] = e.standardError();
      }
      double mean = java.util.Arrays.stream(est).average().orElseThrow();
      double spread = LogZTest.sd(est);
      double meanSe = java.util.Arrays.stream(se).average().orElseThrow();
      assertThat(mean).as("s = %s, shift = %s", s, shift).isCloseTo(truth, within(5 * spread / Math.sqrt(reps)));
      assertThat(meanSe / spread).as("jackknife / actual, s = %s, shift = %s", s, shift).isBetween(0.75, 1.6);
    }
  }

  /** The O(1) leave-one-out values behind the jackknife equal recomputing the statistic without the point. */
  @Test
  void jackknifeErrorEqualsBruteForceLeaveOneOut() {
    RandomSource random = new RandomSource(22);
    INDArray x = random.normal(7, 2);
    INDArray y = random.normal(6, 2).addi(0.4);
    Mmd.Kernel kernel = new Mmd.Kernel(new double[] {1.5, 0.4});
    double[] tx = new double[7];
    for (int i = 0; i < 7; i++) {
      tx[i] = Mmd.estimate(without(x, i), y, kernel).value();
    }
    double[] ty = new double[6];
    for (int j = 0; j < 6; j++) {
      ty[j] = Mmd.estimate(x, without(y, j), kernel).value();
    }
    double var = 6.0 / 7 * 6 * LogZTest.sd(tx) * LogZTest.sd(tx) + 5.0 / 6 * 5 * LogZTest.sd(ty) * LogZTest.sd(ty);
    assertThat(Mmd.estimate(x, y, kernel).standardError()).isCloseTo(Math.sqrt(var), within(1e-12));
  }

  /**
   * Weights are multiplicities: x given as distinct points with counts equals the expanded set with every pair of
   * copies of one point left out of the within-set term (so duplicates from resampling are not counted as pairs of
   * independent samples); with unit weights it is the plain statistic.
   */
  @Test
  void weightsActAsMultiplicitiesWithoutPairingCopies() {
    RandomSource random = new RandomSource(23);
    INDArray x = random.normal(5, 2);
    INDArray y = random.normal(8, 2);
    Mmd.Kernel kernel = new Mmd.Kernel(new double[] {1.0, 0.3});
    double[] counts = {1, 3, 2, 1, 4};
    double[] xv = Rows.values(x);
    double[] yv = Rows.values(y);
    java.util.List<Integer> origin = new java.util.ArrayList<>();
    for (int a = 0; a < 5; a++) {
      for (int c = 0; c < counts[a]; c++) {
        origin.add(a);
      }
    }
    int big = origin.size();
    double within = 0;
    long pairs = 0;
    double cross = 0;
    for (int p = 0; p < big; p++) {
      for (int q = 0; q < big; q++) {
        if (origin.get(p).intValue() != origin.get(q).intValue()) {
          within += k(kernel, xv, origin.get(p), xv, origin.get(q));
          pairs++;
        }
      }
      for (int j = 0; j < 8; j++) {
        cross += k(kernel, xv, origin.get(p), yv, j);
      }
    }
    double yy = 0;
    for (int j = 0; j < 8; j++) {
      for (int l = 0; l < 8; l++) {
        yy += j == l ? 0 : k(kernel, yv, j, yv, l);
      }
    }
    double expected = within / pairs + yy / 56 - 2 * cross / (big * 8.0);
    assertThat(Mmd.estimate(x, counts, y, kernel).value()).isCloseTo(expected, within(1e-12));
    assertThat(Mmd.estimate(x, new double[] {1, 1, 1, 1, 1}, y, kernel).value())
        .isCloseTo(Mmd.estimate(x, y, kernel).value(), within(1e-14));
    assertThatThrownBy(() -> Mmd.estimate(x, new double[] {1, -1, 1, 1, 1}, y, kernel))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
  }

  /**
   * Points 0, 1, 3, 6, 10 on a line: pairwise distances 1, 3, 6, 10, 2, 5, 9, 3, 7, 4 (median 4.5), nearest
   * neighbours 1, 1, 2, 3, 4 (median 2); bandwidths 4.5 / 2^l down to the first at or below 2 / 4 = 0.5:
   * 4.5, 2.25, 1.125, 0.5625, 0.28125.
   */
  @Test
  void multiScaleBandwidthsByHand() {
    INDArray r = Rows.matrix(new double[] {0, 1, 3, 6, 10}, 5, 1);
    assertThat(Mmd.Kernel.multiScale(r).bandwidths()).containsExactly(new double[] {4.5, 2.25, 1.125, 0.5625,
        0.28125}, within(1e-15));
    assertThatThrownBy(() -> Mmd.Kernel.multiScale(Rows.matrix(new double[] {1, 1, 1, 1, 2}, 5, 1)))
        .hasMessageContaining("median distance of the reference is 0");
    assertThatThrownBy(() -> new Mmd.Kernel(new double[] {1, 0})).hasMessageContaining("positive");
  }

  private static double k(Mmd.Kernel kernel, double[] a, int i, double[] b, int j) {
    double d2 = 0;
    for (int q = 0; q < 2; q++) {
      double t = a[2 * i + q] - b[2 * j + q];
      d2 += t * t;
    }
    double s = 0;
    for (double h : kernel.bandwidths()) {
      s += Math.exp(-d2 / (2 * h * h));
    }
    return s / kernel.bandwidths().length;
  }

  private static INDArray without(INDArray x, int row) {
    double[] v = Rows.values(x);
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    double[] out = new double[(n - 1) * d];
    for (int i = 0, o = 0; i < n; i++) {
      if (i != row) {
        System.arraycopy(v, i * d, out, o++ * d, d);
      }
    }
    return Rows.matrix(out, n - 1, d);
  }
}
