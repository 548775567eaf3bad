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

  @Test
  void drawsALossFallingFrom1e22To1e3OnALogAxis() throws java.io.IOException {
    // the first 20 losses of dis on funnel: a running sum that added 1.6e22 and subtracted it again kept round-off
    // of order 1e6, so its mean fell below 0 at the loss of 1505 and the log axis refused the series
    double[] loss = {1.6542542135766475E22, 5.1791123622696184E16, 1.2630739078322944E18, 1.0778822100807912E16,
        3.451910615174196E7, 23484.88012121287, 16486.232853153233, 4772482.464390058, 98563.03190137526,
        128504.99312434599, 60655.76656113113, 1.8410171828974955E7, 13109.842775587198, 4705.364582905593,
        9.898888452395678E8, 2191369.6999195307, 6335717.080349073, 1504.9021616750715, 217164.5165164941,
        61856.98610115974};
    double[] ones = new double[loss.length];
    java.util.Arrays.fill(ones, 1);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    LossCurvePlot.write(new io.driftkit.core.train.TrainHistory(loss, ones, ones), png);
    assertThat(LossCurvePlot.logScale(loss)).isTrue();
    assertThat(png.size()).isGreaterThan(1000);
  }
}
