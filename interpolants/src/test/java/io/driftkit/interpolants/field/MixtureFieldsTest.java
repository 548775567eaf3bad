package io.driftkit.interpolants.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Interpolant;
import io.driftkit.api.RandomSource;
import io.driftkit.interpolants.Fixtures;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oracle's velocity and score against checks that do not use its formulas: the score is the gradient of the
 * exact log density of x_t (central differences); the pair solves the transport equation
 * {@code d/dt log rho + div b + b . s = 0} (differences in t and x); and b is the conditional expectation of the
 * interpolant's velocity, {@code E[(a' x0 + b' x1 + gamma' z) . phi(x_t)] = E[b(x_t) . phi(x_t)]} for test functions
 * phi, by Monte Carlo.
 */
class MixtureFieldsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("linear", Fixtures.interpolant("linear")),
        Arguments.of("trigonometric sine-squared 0.8", Fixtures.interpolant("trigonometric", "gamma=sine-squared",
            "gamma-scale=0.8")),
        Arguments.of("encoder-decoder", Fixtures.interpolant("encoder-decoder")),
        Arguments.of("one-sided, gamma 0", Fixtures.interpolant("one-sided")),
        Arguments.of("linear, gamma 0", Fixtures.interpolant("linear", "gamma=zero")),
        Arguments.of("mirror", Fixtures.interpolant("mirror")));
  }

  private static final double[] POINTS = {0.3, -0.2, 1.5, 1.0, -1.2, 0.8, 0.1, -1.7};

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scoreIsTheGradientOfTheLogDensityAndTheFieldsSolveTheTransportEquation(String name, Interpolant ip) {
    MixtureFields f = new MixtureFields(ip, Fixtures.start(), Fixtures.end());
    INDArray x = Rows.matrix(POINTS, 4, 2);
    for (double t : new double[] {0.05, 0.3, 0.45, 0.77, 0.95}) {
      if (ip.a(t) == 0 && ip.b(t) == 0 && ip.gamma(t) == 0) {
        continue;
      }
      GaussianMixture law = f.law(t);
      INDArray[] bs = f.evaluate(x, t, true);
      double[] b = Rows.values(bs[0]);
      double[] s = Rows.values(bs[1]);
      double h = 1e-5;
      double[] dt = difference(law(f, t + h), law(f, t - h), x, 2 * h);
      double[] div = new double[4];
      for (int i = 0; i < 2; i++) {
        double[] plus = shifted(x, i, h);
        double[] minus = shifted(x, i, -h);
        double[] lp = Rows.values(law.logDensity(Rows.matrix(plus, 4, 2)));
        double[] lm = Rows.values(law.logDensity(Rows.matrix(minus, 4, 2)));
        double[] bp = Rows.values(f.evaluate(Rows.matrix(plus, 4, 2), t, false)[0]);
        double[] bm = Rows.values(f.evaluate(Rows.matrix(minus, 4, 2), t, false)[0]);
        for (int r = 0; r < 4; r++) {
          double fd = (lp[r] - lm[r]) / (2 * h);
          // central differences of smooth log densities: truncation ~h^2, rounding ~1e-16 |log p| / h
          assertThat(s[2 * r + i]).as("%s: score at t = %s, row %d", name, t, r)
              .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
          div[r] += (bp[2 * r + i] - bm[2 * r + i]) / (2 * h);
        }
      }
      for (int r = 0; r < 4; r++) {
        double residual = dt[r] + div[r] + b[2 * r] * s[2 * r] + b[2 * r + 1] * s[2 * r + 1];
        double scale = Math.abs(dt[r]) + Math.abs(div[r]) + Math.abs(b[2 * r] * s[2 * r]) + 1;
        assertThat(residual).as("%s: transport residual at t = %s, row %d", name, t, r)
            .isCloseTo(0, within(1e-5 * scale));
      }
    }
  }

  /**
   * b = E[velocity | x_t]: with phi(x) = (1, x_1, x_2) per coordinate, E[velocity_j phi(x_t)] = E[b_j(x_t) phi(x_t)]
   * over 20000 draws (t uniform on [0.02, 0.98]); both sides are estimated from the same draws, so the difference has
   * mean zero and its standard error comes from the per-draw differences; 5 standard errors.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void velocityIsTheConditionalExpectationOfTheInterpolantsVelocity(String name, Interpolant ip) {
    MixtureFields f = new MixtureFields(ip, Fixtures.start(), Fixtures.end());
    RandomSource random = new RandomSource(7).split(name);
    int n = 20000;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 0.02 + 0.96 * random.nextDouble();
    }
    double[] x1 = Rows.values(Fixtures.end().sample(n, random));
    double[] x0 = ip.base() == Interpolant.Base.MIRROR ? x1 : ip.base() == Interpolant.Base.GAUSSIAN
        ? Rows.values(random.normal(n, 2)) : Rows.values(Fixtures.start().sample(n, random));
    double[] z = Rows.values(random.normal(n, 2));
    double[] xt = new double[2 * n];
    double[] velocity = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double g = ip.gamma(t[i]);
      double gd = g > 0 ? ip.gammaGammaDot(t[i]) / g : 0;
      for (int j = 0; j < 2; j++) {
        int k = 2 * i + j;
        xt[k] = ip.a(t[i]) * x0[k] + ip.b(t[i]) * x1[k] + g * z[k];
        velocity[k] = ip.aDot(t[i]) * x0[k] + ip.bDot(t[i]) * x1[k] + gd * z[k];
      }
    }
    double[] b = Rows.values(f.evaluate(Rows.matrix(xt, n, 2), t)[0]);
    for (int j = 0; j < 2; j++) {
      for (int q = 0; q < 3; q++) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
          double phi = q == 0 ? 1 : xt[2 * i + q - 1];
          double diff = (velocity[2 * i + j] - b[2 * i + j]) * phi;
          sum += diff;
          sumSq += diff * diff;
        }
        double mean = sum / n;
        double se = Math.sqrt((sumSq / n - mean * mean) / n);
        assertThat(mean).as("%s: E[(velocity - b)_%d phi_%d]", name, j, q).isCloseTo(0, within(5 * se));
      }
    }
  }

  /** The law of x_t at 0 and 1 is rho0 and rho1 (for a mirror, rho1 at both ends; one-sided, N(0, I) at 0). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lawOfTheInterpolantMatchesTheEnds(String name, Interpolant ip) {
    MixtureFields f = new MixtureFields(ip, Fixtures.start(), Fixtures.end());
    INDArray x = Rows.matrix(POINTS, 4, 2);
    GaussianMixture first = switch (ip.base()) {
      case ANY -> Fixtures.start();
      case GAUSSIAN -> MixtureFields.standardNormal(2);
      case MIRROR -> Fixtures.end();
    };
    assertThat(Rows.values(f.law(0).logDensity(x))).containsExactly(Rows.values(first.logDensity(x)),
        within(1e-12));
    assertThat(Rows.values(f.law(1).logDensity(x))).containsExactly(Rows.values(Fixtures.end().logDensity(x)),
        within(1e-12));
  }

  private static GaussianMixture law(MixtureFields f, double t) {
    return f.law(t);
  }

  private static double[] difference(GaussianMixture plus, GaussianMixture minus, INDArray x, double step) {
    double[] p = Rows.values(plus.logDensity(x));
    double[] m = Rows.values(minus.logDensity(x));
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (p[i] - m[i]) / step;
    }
    return out;
  }

  private static double[] shifted(INDArray x, int coordinate, double h) {
    double[] v = Rows.values(x);
    for (int r = 0; r < v.length / 2; r++) {
      v[2 * r + coordinate] += h;
    }
    return v;
  }
}
