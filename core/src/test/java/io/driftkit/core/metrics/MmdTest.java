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
    assertThat(Mmd.distance(x, y)).isCloseTo(Math.sqrt(a), within(1e-12));
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
}
