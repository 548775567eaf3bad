package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CoverageAndMomentsTest {

  private static final GaussianMixture FOUR = GaussianMixture.isotropic(new double[] {1, 1, 1, 1},
      new double[][] {{-5, -5}, {-5, 5}, {5, -5}, {5, 5}}, new double[] {0.3, 0.3, 0.3, 0.3});

  @Test
  void coverageByConstruction() {
    // all in one mode
    INDArray one = Rows.matrix(new double[] {5, 5, 5.1, 4.9, 4.8, 5.2}, 3, 2);
    assertThat(ModeCoverage.entropic(one, FOUR)).isZero();
    // half in each of two of four modes: entropy log 2 in base 4
    INDArray two = Rows.matrix(new double[] {5, 5, -5, -5, 5.1, 5, -5, -4.9}, 4, 2);
    assertThat(ModeCoverage.entropic(two, FOUR)).isCloseTo(0.5, within(1e-15));
    assertThat(ModeCoverage.modeFractions(two, FOUR)).containsExactly(new double[] {0.5, 0, 0, 0.5},
        within(1e-15));
  }

  /** Exact samples: the multinomial entropy deficit is about (K - 1) / (2 n ln K), i.e. 1e-4 here. */
  @Test
  void exactSamplesCoverEveryMode() {
    INDArray s = FOUR.sample(10_000, new RandomSource(11));
    assertThat(ModeCoverage.entropic(s, FOUR)).isCloseTo(1, within(2e-3));
  }

  @Test
  void momentsByHandAndAgainstTheMixture() {
    INDArray x = Rows.matrix(new double[] {1, 2, 3, -4}, 2, 2);
    assertThat(Moments.meanOfSum(x)).isEqualTo(1.0);
    assertThat(Moments.meanOfSumOfSquares(x)).isEqualTo(15.0);
    GaussianMixture shifted = GaussianMixture.isotropic(new double[] {1, 3}, new double[][] {{1, 2}, {-1, 0}},
        new double[] {0.5, 2});
    // E[sum x] = 1/4 * 3 + 3/4 * (-1) = 0; E[sum x^2] = 1/4 (1 + 4 + 1) + 3/4 (4 + 1) = 5.25
    assertThat(Moments.meanOfSum(shifted)).isCloseTo(0, within(1e-15));
    assertThat(Moments.meanOfSumOfSquares(shifted)).isCloseTo(5.25, within(1e-14));
    int n = 50_000;
    INDArray s = shifted.sample(n, new RandomSource(12));
    double[] v = Rows.values(s);
    double[] sums = new double[n];
    double[] squares = new double[n];
    for (int i = 0; i < n; i++) {
      sums[i] = v[2 * i] + v[2 * i + 1];
      squares[i] = v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1];
    }
    // five standard errors of the row statistics
    assertThat(Moments.sumError(s, 0)).isLessThan(5 * LogZTest.sd(sums) / Math.sqrt(n));
    assertThat(Moments.sumOfSquaresError(s, 5.25)).isLessThan(5 * LogZTest.sd(squares) / Math.sqrt(n));
  }
}
