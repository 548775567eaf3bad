package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ResamplingTest {

  /** Systematic resampling gives every index a count within 1 of n w_i; non-finite log weights count as 0. */
  @Test
  void countsAreWithinOneOfTheExpectedAndOrderIsShuffled() {
    double[] w = {0.1, 0.25, 0.05, 0.4, 0.2};
    double[] logW = new double[w.length + 2];
    for (int i = 0; i < w.length; i++) {
      logW[i] = Math.log(w[i]) + 3; // the scale of the weights does not matter
    }
    logW[5] = Double.NEGATIVE_INFINITY;
    logW[6] = Double.NaN;
    int n = 1000;
    int[] idx = Resampling.systematic(logW, n, new RandomSource(31));
    int[] counts = new int[logW.length];
    for (int i : idx) {
      counts[i]++;
    }
    for (int i = 0; i < w.length; i++) {
      assertThat((double) counts[i]).isCloseTo(n * w[i], org.assertj.core.api.Assertions.within(1.0));
    }
    assertThat(counts[5]).isZero();
    assertThat(counts[6]).isZero();
    // shuffled: the first 100 are not the sorted run of index 0 that systematic resampling produces
    int zeros = 0;
    for (int k = 0; k < 100; k++) {
      zeros += idx[k] == 0 ? 1 : 0;
    }
    assertThat(zeros).isBetween(1, 30);
    Resampling.Distinct d = Resampling.distinct(idx, n);
    assertThat(d.origins()).containsExactly(0, 1, 2, 3, 4);
    assertThat(java.util.Arrays.stream(d.counts()).sum()).isEqualTo(n);
    assertThatThrownBy(() -> Resampling.systematic(new double[] {Double.NEGATIVE_INFINITY, Double.NaN}, 3,
        new RandomSource(1))).hasMessageContaining("no finite log weight");
  }

  /**
   * Importance samples of N(0, I) from N(0, 1.5^2 I) in 2-d with the exact weights: the resampled set (copies
   * counted as multiplicities) scores at the MMD^2 floor, within four standard errors, while the raw proposal is
   * far off.
   */
  @Test
  void resampledImportanceSamplesScoreAtTheFloor() {
    int n = 4000;
    RandomSource random = new RandomSource(32);
    INDArray proposal = random.normal(n, 2).muli(1.5);
    double[] v = Rows.values(proposal);
    double[] logW = new double[n];
    for (int i = 0; i < n; i++) {
      double r2 = v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1];
      logW[i] = -0.5 * r2 + 0.5 * r2 / 2.25;
    }
    INDArray reference = random.normal(2000, 2);
    Mmd.Kernel kernel = Mmd.Kernel.multiScale(reference);
    int[] idx = Resampling.systematic(logW, n, random.split("resample"));
    Resampling.Distinct d = Resampling.distinct(idx, 2000);
    Mmd.Estimate resampled = Mmd.estimate(Resampling.rows(proposal, d.origins()), d.counts(), reference, kernel);
    assertThat(Math.abs(resampled.value())).isLessThan(4 * resampled.standardError());
    Mmd.Estimate raw = Mmd.estimate(Resampling.rows(proposal, java.util.stream.IntStream.range(0, 2000).toArray()),
        reference, kernel);
    assertThat(raw.value()).isGreaterThan(10 * raw.standardError());
  }
}
