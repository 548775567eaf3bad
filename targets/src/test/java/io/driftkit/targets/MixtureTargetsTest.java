package io.driftkit.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import java.util.Map;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class MixtureTargetsTest {

  private static final Map<String, String> CORRELATED = Map.of("mean", "1,-2", "covariance", "2,0.6,0.6,0.5");

  @Test
  void gaussianLogZMatchesNumericalIntegration() {
    Target t = TargetTesting.create("gaussian", CORRELATED);
    // the density is negligible (< e^-60) outside [-14, 14]^2; Simpson with h = 0.02 (sd >= 0.6) is exact to far below 1e-6
    double z = TargetTesting.simpson2d(t, -14, 14, 1400);
    assertThat(Math.exp(t.logNormalizer().getAsDouble()) / z).isCloseTo(1, within(1e-6));
    // and the closed form 2 pi sqrt(det Sigma)
    assertThat(t.logNormalizer().getAsDouble()).isCloseTo(Math.log(2 * Math.PI * Math.sqrt(2 * 0.5 - 0.36)),
        within(1e-12));
  }

  @Test
  void gaussianLogDensityIsTheUnnormalisedQuadraticForm() {
    Target t = TargetTesting.create("gaussian", CORRELATED);
    // Sigma^-1 = [[0.5, -0.6], [-0.6, 2]] / 0.64
    double dx = 0.3 - 1;
    double dy = 0.7 + 2;
    double quad = (0.5 * dx * dx - 1.2 * dx * dy + 2 * dy * dy) / 0.64;
    double[] p = {0.3, 0.7};
    assertThat(t.logDensity(Rows.matrix(p, 1, 2)).getDouble(0)).isCloseTo(-0.5 * quad, within(1e-12));
    double[] g = Rows.values(t.gradLogDensity(Rows.matrix(p, 1, 2)));
    assertThat(g[0]).isCloseTo(-(0.5 * dx - 0.6 * dy) / 0.64, within(1e-12));
    assertThat(g[1]).isCloseTo(-(-0.6 * dx + 2 * dy) / 0.64, within(1e-12));
  }

  @Test
  void gridMixtureIsNormalised() {
    Target t = TargetTesting.create("gmm-grid");
    assertThat(t.logNormalizer().getAsDouble()).isZero();
    // components have sd 0.55; at distance 5 beyond the outer means the mass left out is below 1e-15
    double z = TargetTesting.simpson2d(t, -10, 10, 1000);
    assertThat(z).isCloseTo(1, within(1e-6));
    assertThat(t.plotBox().xMin()).isEqualTo(-7.5);
    assertThat(t.plotBox().yMax()).isEqualTo(7.5);
    assertThat(t.mixture().orElseThrow().components()).isEqualTo(9);
  }

  @Test
  void gridSamplesHaveTheMixtureMarginals() {
    Target t = TargetTesting.create("gmm-grid");
    int n = 20000;
    double[] s = Rows.values(t.sample(n, new RandomSource(5)));
    // each marginal is (N(-5, .3) + N(0, .3) + N(5, .3)) / 3: mean 0, variance 0.3 + 50/3
    for (int i = 0; i < 2; i++) {
      double[] col = column(s, n, 2, i);
      double var = 0.3 + 50.0 / 3;
      // 5 standard errors: the test fails by chance with probability < 1e-6
      assertThat(mean(col)).isCloseTo(0, within(5 * Math.sqrt(var / n)));
      assertThat(ksPValue(new ThreeNormals(), col)).isGreaterThan(1e-3);
    }
  }

  @Test
  void gaussianSamplesHaveTheRightMarginals() {
    Target t = TargetTesting.create("gaussian", CORRELATED);
    int n = 20000;
    double[] s = Rows.values(t.sample(n, new RandomSource(6)));
    double[] x = column(s, n, 2, 0);
    double[] y = column(s, n, 2, 1);
    assertThat(mean(x)).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
    assertThat(mean(y)).isCloseTo(-2, within(5 * Math.sqrt(0.5 / n)));
    double cov = 0;
    for (int r = 0; r < n; r++) {
      cov += (x[r] - 1) * (y[r] + 2);
    }
    // Var[(x - mx)(y - my)] = s11 s22 + s12^2 = 1.36
    assertThat(cov / n).isCloseTo(0.6, within(5 * Math.sqrt(1.36 / n)));
    assertThat(ksPValue(new NormalDistribution(1, Math.sqrt(2)), x)).isGreaterThan(1e-3);
    assertThat(ksPValue(new NormalDistribution(-2, Math.sqrt(0.5)), y)).isGreaterThan(1e-3);
  }

  @Test
  void gaussianSettingsAreValidated() {
    assertThatThrownBy(() -> TargetTesting.create("gaussian", Map.of("variance", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.variance").hasMessageContaining("-1")
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> TargetTesting.create("gaussian", Map.of("dim", "3", "mean", "1,2")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.mean").hasMessageContaining("3");
    assertThatThrownBy(() -> TargetTesting.create("gaussian", Map.of("covariance", "1,2,2,1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.covariance")
        .hasMessageContaining("positive definite");
    assertThatThrownBy(() -> TargetTesting.create("gaussian", Map.of("covariance", "1,0.5,0.4,1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("symmetric");
    assertThatThrownBy(() -> TargetTesting.create("gaussian", Map.of("dim", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("target.dim");
    assertThat(TargetTesting.create("gaussian", Map.of("dim", "5", "mean", "3")).dim()).isEqualTo(5);
  }

  @Test
  void gmm40MeansAreTheDocumentedDraws() {
    // the README's recipe, re-run here: SplittableRandom(40), row by row, -40 + 80 u
    java.util.SplittableRandom random = new java.util.SplittableRandom(40);
    double[][] means = Gmm40Target.means();
    for (int k = 0; k < 40; k++) {
      for (int j = 0; j < 50; j++) {
        assertThat(means[k][j]).isEqualTo(-40 + 80 * random.nextDouble());
      }
    }
    Target t = TargetTesting.create("gmm-40");
    assertThat(t.dim()).isEqualTo(50);
    assertThat(t.mixture().orElseThrow().components()).isEqualTo(40);
    assertThat(t.logNormalizer().getAsDouble()).isZero();
  }

  @Test
  void isotropicFastPathAgreesWithTheGeneralMixture() {
    for (String name : new String[] {"gmm-40", "gmm-grid", "gmm-25"}) {
      Target t = TargetTesting.create(name);
      var m = io.driftkit.toolkit.GaussianMixture.of(t.mixture().orElseThrow());
      // points near the modes and far out in the tails (where responsibilities underflow)
      var x = t.sample(50, new RandomSource(31)).addi(new RandomSource(32).normal(50, t.dim()).muli(3));
      double[] fast = Rows.values(t.logDensity(x));
      double[] general = Rows.values(m.logDensity(x));
      double[] fastGrad = Rows.values(t.gradLogDensity(x));
      double[] generalGrad = Rows.values(m.score(x));
      for (int r = 0; r < 50; r++) {
        assertThat(fast[r]).as(name).isCloseTo(general[r], within(1e-10 * (1 + Math.abs(general[r]))));
      }
      for (int i = 0; i < fastGrad.length; i++) {
        assertThat(fastGrad[i]).as(name).isCloseTo(generalGrad[i], within(1e-9 * (1 + Math.abs(generalGrad[i]))));
      }
    }
  }

  static double[] column(double[] s, int n, int d, int i) {
    double[] c = new double[n];
    for (int r = 0; r < n; r++) {
      c[r] = s[r * d + i];
    }
    return c;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double ksPValue(AbstractRealDistribution dist, double[] data) {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(dist, data);
  }

  /** The marginal of gmm-grid along one axis. */
  private static final class ThreeNormals extends AbstractRealDistribution {
    private final NormalDistribution[] parts = {
        new NormalDistribution(-5, Math.sqrt(0.3)), new NormalDistribution(0, Math.sqrt(0.3)),
        new NormalDistribution(5, Math.sqrt(0.3))};

    ThreeNormals() {
      super(null);
    }

    @Override
    public double cumulativeProbability(double x) {
      return (parts[0].cumulativeProbability(x) + parts[1].cumulativeProbability(x)
          + parts[2].cumulativeProbability(x)) / 3;
    }

    @Override
    public double density(double x) {
      return (parts[0].density(x) + parts[1].density(x) + parts[2].density(x)) / 3;
    }

    @Override
    public double getNumericalMean() {
      return 0;
    }

    @Override
    public double getNumericalVariance() {
      return 0.3 + 50.0 / 3;
    }

    @Override
    public double getSupportLowerBound() {
      return Double.NEGATIVE_INFINITY;
    }

    @Override
    public double getSupportUpperBound() {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean isSupportLowerBoundInclusive() {
      return false;
    }

    @Override
    public boolean isSupportUpperBoundInclusive() {
      return false;
    }

    @Override
    public boolean isSupportConnected() {
      return true;
    }
  }
}
