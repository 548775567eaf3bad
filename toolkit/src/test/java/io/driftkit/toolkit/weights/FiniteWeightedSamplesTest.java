package io.driftkit.toolkit.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;

class FiniteWeightedSamplesTest {

  @Test
  void keepsRowsWithFiniteWeightsInOrderAndCountsTheRest() {
    FiniteWeightedSamples s = new FiniteWeightedSamples();
    s.add(Rows.matrix(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), new double[] {0.5, Double.NaN, -1});
    s.add(Rows.matrix(new double[] {7, 8}, 1, 2), new double[] {Double.POSITIVE_INFINITY});
    s.add(Rows.matrix(new double[] {9, 10}, 1, 2), new double[] {2});
    assertThat(Rows.values(s.samples("paths"))).containsExactly(1, 2, 5, 6, 9, 10);
    assertThat(Rows.values(s.logWeights())).containsExactly(0.5, -1, 2);
    assertThat(s.nonFinite()).isEqualTo(2);
  }

  @Test
  void noFiniteWeightAtAllIsAnError() {
    FiniteWeightedSamples s = new FiniteWeightedSamples();
    s.add(Rows.matrix(new double[] {1, 2}, 1, 2), new double[] {Double.NEGATIVE_INFINITY});
    assertThatThrownBy(() -> s.samples("paths")).isInstanceOf(IllegalStateException.class)
        .hasMessage("every one of the 1 paths had a non-finite log weight");
  }
}
