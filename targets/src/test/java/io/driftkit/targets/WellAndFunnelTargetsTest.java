package io.driftkit.targets;

import static io.driftkit.targets.MixtureTargetsTest.column;
import static io.driftkit.targets.MixtureTargetsTest.ksPValue;
import static io.driftkit.targets.MixtureTargetsTest.mean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** many-well, double-well, funnel and rosenbrock against independent integrals, published values and their laws. */
class WellAndFunnelTargetsTest {

  @Test
  void manyWellLogZMatchesThePublishedValue() {
    // docs/references.md section 1: 16 (ln 11784.50927 + 0.5 ln 2 pi) = 164.6957
    assertThat(ManyWellTarget.wellLogNormalizer()).isCloseTo(Math.log(11784.50927), within(1e-9));
    assertThat(TargetTesting.create("many-well").logNormalizer().getAsDouble()).isCloseTo(164.6957, within(5e-5));
  }

  @Test
  void manyWellPairLogZMatches2dSimpson() {
    Target pair = TargetTesting.create("many-well", Map.of("dim", "2"));
    // the a-peaks have sd ~0.2, b is standard normal; outside [-6, 6]^2 the mass is < e^-17 relative
    double z = TargetTesting.simpson2d(pair, -7, 7, 1400);
    assertThat(Math.exp(pair.logNormalizer().getAsDouble()) / z).isCloseTo(1, within(1e-6));
  }

  @Test
  void doubleWellFactorMatches1dSimpson() {
    for (double delta : new double[] {0.1, 2, 4, 9}) {
      double z = TargetTesting.simpson(x -> Math.exp(-(x * x - delta) * (x * x - delta)), -8, 8, 40_000);
      assertThat(DoubleWellTarget.wellLogNormalizer(delta)).as("delta=%s", delta).isCloseTo(Math.log(z),
          within(1e-7));
    }
    // and the whole target: m well factors times the Gaussian factors
    Target t = TargetTesting.create("double-well", Map.of("dim", "2", "m", "1", "delta", "2"));
    double z = TargetTesting.simpson2d(t, -9, 9, 1800);
    assertThat(Math.exp(t.logNormalizer().getAsDouble()) / z).isCloseTo(1, within(1e-6));
  }

  @Test
  void manyWellSamplesFollowThePairLaw() {
    Target t = TargetTesting.create("many-well", Map.of("dim", "4"));
    int n = 20_000;
    double[] s = Rows.values(t.sample(n, new RandomSource(21)));
    TabulatedDistribution well = new TabulatedDistribution(ManyWellTarget::wellLogDensity, -5, 5, 200_000);
    for (int i = 0; i < 4; i++) {
      double[] col = column(s, n, 4, i);
      assertThat(ksPValue(i % 2 == 0 ? well : new NormalDistribution(), col)).as("coordinate %d", i)
          .isGreaterThan(1e-3);
    }
  }

  @Test
  void doubleWellSamplesFollowTheirLaw() {
    Target t = TargetTesting.create("double-well", Map.of("dim", "3", "m", "2", "delta", "3"));
    int n = 20_000;
    double[] s = Rows.values(t.sample(n, new RandomSource(22)));
    TabulatedDistribution well = new TabulatedDistribution(x -> -(x * x - 3) * (x * x - 3), -6, 6, 200_000);
    assertThat(ksPValue(well, column(s, n, 3, 0))).isGreaterThan(1e-3);
    assertThat(ksPValue(well, column(s, n, 3, 1))).isGreaterThan(1e-3);
    assertThat(ksPValue(new NormalDistribution(), column(s, n, 3, 2))).isGreaterThan(1e-3);
    // symmetric wells: as many samples left as right, within 5 binomial standard errors
    long left = java.util.Arrays.stream(column(s, n, 3, 0)).filter(x -> x < 0).count();
    assertThat((double) left).isCloseTo(n / 2.0, within(5 * Math.sqrt(n / 4.0)));
  }

  @Test
  void funnelDensityIsTheProductOfItsConditionals() {
    Target t = TargetTesting.create("funnel", Map.of("dim", "3"));
    double[] p = {1.3, -0.4, 2.2};
    NormalDistribution x0 = new NormalDistribution(0, 3);
    NormalDistribution rest = new NormalDistribution(0, Math.exp(0.65));
    double expected = x0.logDensity(1.3) + rest.logDensity(-0.4) + rest.logDensity(2.2);
    assertThat(t.logDensity(Rows.matrix(p, 1, 3)).getDouble(0)).isCloseTo(expected, within(1e-12));
    assertThat(t.logNormalizer().getAsDouble()).isZero();
  }

  @Test
  void funnelSamplesFollowTheirLaw() {
    Target t = TargetTesting.create("funnel");
    int n = 20_000;
    double[] s = Rows.values(t.sample(n, new RandomSource(23)));
    double[] x0 = column(s, n, 10, 0);
    assertThat(ksPValue(new NormalDistribution(0, 3), x0)).isGreaterThan(1e-3);
    double[] scaled = new double[n];
    for (int r = 0; r < n; r++) {
      scaled[r] = s[r * 10 + 5] / Math.exp(0.5 * x0[r]);
    }
    assertThat(ksPValue(new NormalDistribution(), scaled)).isGreaterThan(1e-3);
  }

  @Test
  void rosenbrockLogZMatches2dSimpsonAndSamplesFollowTheChain() {
    Target t = TargetTesting.create("rosenbrock", Map.of("a", "1", "b", "1", "mu", "0.5"));
    // x1 ~ N(0.5, 1/2), x2 | x1 ~ N(x1^2, 1/2): outside [-8, 32]^2 the mass is below e^-40
    double z = TargetTesting.simpson2d(t, -8, 32, 2000);
    assertThat(Math.exp(t.logNormalizer().getAsDouble()) / z).isCloseTo(1, within(1e-6));
    Target gw = TargetTesting.create("rosenbrock", Map.of("dim", "3"));
    int n = 20_000;
    double[] s = Rows.values(gw.sample(n, new RandomSource(24)));
    double[] x1 = column(s, n, 3, 0);
    assertThat(ksPValue(new NormalDistribution(1, Math.sqrt(10)), x1)).isGreaterThan(1e-3);
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = (s[i * 3 + 2] - s[i * 3 + 1] * s[i * 3 + 1]) * Math.sqrt(10);
    }
    assertThat(ksPValue(new NormalDistribution(), r)).isGreaterThan(1e-3);
    assertThat(mean(r)).isCloseTo(0, within(5 / Math.sqrt(n)));
  }

  @Test
  void rosenbrockDefaultIsGoodmanWeare() {
    Target t = TargetTesting.create("rosenbrock");
    double[] p = {0.7, 1.9};
    double expected = -(100 * Math.pow(1.9 - 0.49, 2) + Math.pow(1 - 0.7, 2)) / 20;
    assertThat(t.logDensity(Rows.matrix(p, 1, 2)).getDouble(0)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void settingsOutOfRangeAreClearErrors() {
    assertThatThrownBy(() -> TargetTesting.create("double-well", Map.of("delta", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.delta").hasMessageContaining("> 0");
    assertThatThrownBy(() -> TargetTesting.create("double-well", Map.of("delta", "-2")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'-2'");
    assertThatThrownBy(() -> TargetTesting.create("double-well", Map.of("dim", "3", "m", "5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.m").hasMessageContaining("dim = 3");
    assertThatThrownBy(() -> TargetTesting.create("many-well", Map.of("dim", "7")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.dim").hasMessageContaining("even");
    assertThatThrownBy(() -> TargetTesting.create("funnel", Map.of("dim", "1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.dim");
    assertThatThrownBy(() -> TargetTesting.create("funnel", Map.of("sigma", "-3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.sigma");
    assertThatThrownBy(() -> TargetTesting.create("rosenbrock", Map.of("b", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.b");
    assertThatThrownBy(() -> TargetTesting.create("funnel", Map.of("dimension", "3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'target.dimension'");
  }
}
