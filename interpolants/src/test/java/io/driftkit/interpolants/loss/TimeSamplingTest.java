package io.driftkit.interpolants.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The time maps against the closed-form distribution functions of their densities. */
class TimeSamplingTest {

  @Test
  void arcsineTimesHaveTheArcsineDistribution() {
    // the arcsine law's distribution function is F(u) = (2 / pi) asin(sqrt(u)): mapping F(u) must give u back
    for (double u : new double[] {0.001, 0.05, 0.15, 0.5, 0.85, 0.999}) {
      double w = 2 / Math.PI * Math.asin(Math.sqrt(u));
      assertThat(TimeSampling.ARCSINE.time(w, 0)).isCloseTo(u, within(1e-12));
    }
    assertThat(2 / Math.PI * Math.asin(Math.sqrt(0.15))).isCloseTo(0.25, within(0.005));
  }

  @Test
  void timesStayInsideTheTrainedInterval() {
    for (TimeSampling s : TimeSampling.values()) {
      assertThat(s.time(0, 0.01)).isCloseTo(0.01, within(1e-15));
      assertThat(s.time(Math.nextDown(1.0), 0.01)).isLessThanOrEqualTo(0.99);
      assertThat(s.time(0.5, 0.01)).isCloseTo(0.5, within(1e-15));
    }
    assertThat(TimeSampling.UNIFORM.time(0.25, 0.1)).isCloseTo(0.3, within(1e-15));
  }
}
