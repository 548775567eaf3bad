package io.driftkit.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The 2-D data sets (circles, checkerboard, blob, two-moons, swiss-roll): samplers against exact laws. */
class PlanarDataSetsTest {

  /** e^-z I_nu(z) by the midpoint rule on the periodic integrand (spectrally accurate; 4000 nodes for z <= 1000). */
  private static double besselByQuadrature(int nu, double z) {
    int m = 4000;
    double s = 0;
    for (int k = 0; k < m; k++) {
      double theta = Math.PI * (k + 0.5) / m;
      s += Math.exp(z * (Math.cos(theta) - 1)) * Math.cos(nu * theta);
    }
    return s / m;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1e-6, 0.5, 3, 19.99, 20.01, 57, 400})
  void scaledBesselFunctionsMatchTheirIntegrals(double z) {
    assertThat(ModifiedBessel.i0Scaled(z)).isCloseTo(besselByQuadrature(0, z), within(1e-13 * (1 + 1 / (1 + z))));
    assertThat(ModifiedBessel.i1Scaled(z)).isCloseTo(besselByQuadrature(1, z), within(1e-13));
    assertThat(ModifiedBessel.i0Scaled(z) / besselByQuadrature(0, z)).isCloseTo(1, within(1e-12));
  }

  @Test
  void circlesDensityIntegratesToOneAndItsSamplerHasTheExactRadialMoment() {
    Target t = TargetTesting.create("circles");
    // Simpson on [-5, 5]^2, h = 0.0125 (about s / 19): the rings' mass outside the box is below e^-100
    assertThat(TargetTesting.simpson2d(t, -5, 5, 800)).isCloseTo(1, within(1e-6));
    // E|x|^2 = (r1^2 + r2^2) / 2 + 2 s^2 = (9 + 2.25) / 2 + 2 * 0.0576; |x|^2 has sd about 3.4, so 6 SE at n = 20000
    int n = 20000;
    double[] x = Rows.values(t.sample(n, new RandomSource(1)));
    double m2 = 0;
    for (int i = 0; i < n; i++) {
      m2 += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
    }
    assertThat(m2 / n).isCloseTo(5.625 + 2 * 0.0576, within(6 * 3.4 / Math.sqrt(n)));
  }

  @Test
  void checkerboardSamplesFillTheEightDarkSquaresEvenlyAndNothingElse() {
    Target t = TargetTesting.create("checkerboard");
    int n = 16000;
    double[] x = Rows.values(t.sample(n, new RandomSource(2)));
    double[] logp = Rows.values(t.logDensity(Rows.matrix(x, n, 2)));
    int[][] counts = new int[4][4];
    for (int i = 0; i < n; i++) {
      assertThat(logp[i]).isEqualTo(-Math.log(32));
      counts[(int) Math.floor(x[2 * i] / 2) + 2][(int) Math.floor(x[2 * i + 1] / 2) + 2]++;
    }
    // each dark cell expects n / 8 = 2000 (binomial sd 41.8): within 5 sd; light cells get none
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        if ((i + j) % 2 == 0) {
          assertThat(counts[i][j]).as("dark cell %d,%d", i, j).isBetween(2000 - 209, 2000 + 209);
        } else {
          assertThat(counts[i][j]).as("light cell %d,%d", i, j).isZero();
        }
      }
    }
    // light squares and the outside have density 0; the density integrates to 1 (Simpson is exact on constants,
    // the grid's cell edges fall on nodes, so only edge nodes are off by half)
    double[] light = {1, -1, -3, 3, 5, 0};
    double[] ld = Rows.values(t.logDensity(Rows.matrix(light, 3, 2)));
    assertThat(ld).containsOnly(Double.NEGATIVE_INFINITY);
    assertThat(t.logNormalizer()).hasValue(0);
    assertThat(t.hasGradient()).isFalse();
  }

  @Test
  void blobIsANormalisedOneComponentMixture() {
    Target t = TargetTesting.create("blob", Map.of("mean", "1,-2", "sd", "0.3"));
    assertThat(t.mixture()).isPresent();
    assertThat(t.mixture().get().means()[0]).containsExactly(1, -2);
    assertThat(TargetTesting.simpson2d(t, -4, 4, 400)).isCloseTo(1, within(1e-8));
  }

  /**
   * Sampler moments against the laws' exact moments: two-moons E[x] = E[y] = 0, E[x^2] = 3 + s^2,
   * E[y^2] = 9/4 - 4/pi + s^2; swiss-roll E[|x|^2] = E[u^2] / 25 + 2 s^2 with u ~ U[1.5 pi, 4.5 pi]. Tolerances are 6
   * standard errors (sd of x^2 at most 3, of |x|^2 at most 3).
   */
  @Test
  void dataOnlyTargetsSampleTheirLawsAndRefuseDensities() {
    int n = 40000;
    double se = 3 / Math.sqrt(n);
    double s2 = 0.04;
    double[] m = moments(TargetTesting.create("two-moons").sample(n, new RandomSource(3)), n);
    assertThat(m[0]).isCloseTo(0, within(6 * 1.8 / Math.sqrt(n)));
    assertThat(m[1]).isCloseTo(0, within(6 * 1.8 / Math.sqrt(n)));
    assertThat(m[2]).isCloseTo(3 + s2, within(6 * se));
    assertThat(m[3]).isCloseTo(2.25 - 4 / Math.PI + s2, within(6 * se));
    double a = 1.5 * Math.PI;
    double b = 4.5 * Math.PI;
    double eu2 = (b * b * b - a * a * a) / (3 * (b - a));
    double[] r = moments(TargetTesting.create("swiss-roll").sample(n, new RandomSource(4)), n);
    assertThat(r[2] + r[3]).isCloseTo(eu2 / 25 + 2 * s2, within(6 * se));
    for (String name : new String[] {"two-moons", "swiss-roll"}) {
      Target t = TargetTesting.create(name);
      assertThat(t.hasLogDensity()).isFalse();
      assertThat(t.hasGradient()).isFalse();
      assertThat(t.toString()).contains(name);
      assertThatThrownBy(() -> t.logDensity(Rows.matrix(new double[] {0, 0}, 1, 2)))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(name)
          .hasMessageContaining("data-only");
    }
  }

  private static double[] moments(org.nd4j.linalg.api.ndarray.INDArray samples, int n) {
    double[] x = Rows.values(samples);
    double[] m = new double[4];
    for (int i = 0; i < n; i++) {
      m[0] += x[2 * i] / n;
      m[1] += x[2 * i + 1] / n;
      m[2] += x[2 * i] * x[2 * i] / n;
      m[3] += x[2 * i + 1] * x[2 * i + 1] / n;
    }
    return m;
  }
}
