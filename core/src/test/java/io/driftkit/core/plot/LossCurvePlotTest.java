package io.driftkit.core.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossCurvePlotTest {

  @Test
  void aLogAxisOnlyForAPositiveLossSpanningTwoDecades() {
    assertThat(LossCurvePlot.logScale(new double[] {3000, 400, 25, 21})).isTrue();
    assertThat(LossCurvePlot.logScale(new double[] {3, 2.5, 2})).isFalse();
    assertThat(LossCurvePlot.logScale(new double[] {300, 1, -0.5})).as("crosses zero").isFalse();
    assertThat(LossCurvePlot.logScale(new double[] {300, Double.NaN, 1})).as("a non-finite step").isFalse();
    assertThat(LossCurvePlot.logScale(new double[] {300})).isFalse();
  }

  @Test
  void stepLabelsAtARoundIntervalOfAboutASixth() {
    assertThat(LossCurvePlot.labelInterval(300)).isEqualTo(50);
    assertThat(LossCurvePlot.labelInterval(1000)).isEqualTo(200);
    assertThat(LossCurvePlot.labelInterval(20000)).isEqualTo(5000);
    assertThat(LossCurvePlot.labelInterval(5)).isEqualTo(1);
  }
}
