package io.driftkit.sde.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.sde.integrate.EulerMaruyama;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ForwardProcessTest {

  static Stream<Arguments> processes() {
    return Stream.of(
        Arguments.of("vp-linear", new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0)),
        Arguments.of("vp-cosine", new VariancePreserving(BetaSchedule.cosine(), 1.0)),
        Arguments.of("vp-scaled", new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0, 3.0)),
        Arguments.of("sub-vp", new SubVariancePreserving(BetaSchedule.linear(0.1, 20), 1.0)),
        Arguments.of("sub-vp-cosine", new SubVariancePreserving(BetaSchedule.cosine(), 1.0)),
        Arguments.of("ve", new VarianceExploding(0.01, 10, 1.0)),
        Arguments.of("ou", new OrnsteinUhlenbeck(0.7, 1.3, 3.0)),
        Arguments.of("scaled-bm", new ScaledBrownianMotion(2.0, 1.5)));
  }

  /** Cosine schedules are left out: their beta ~ 370 at the end needs ~20k Euler steps (covered by the ODE test). */
  static Stream<Arguments> processesForSimulation() {
    return processes().filter(a -> !((String) a.get()[0]).contains("cosine"));
  }

  /**
   * The oracle: the moment ODEs of a linear SDE, m' = -lambda m and v' = -2 lambda v + g^2 from m(0) = 1, v(0) = 0,
   * integrated by classical RK4 on a fine grid (error ~ h^4 ~ 1e-14 relative; cosine beta reaches ~370 so h is
   * chosen 1e-5 there).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("processes")
  void closedFormMarginalsSolveTheMomentEquations(String name, LinearForwardProcess p) {
    double horizon = p.horizon();
    int steps = 200_000;
    double h = horizon / steps;
    double m = 1;
    double v = 0;
    for (int k = 0; k < steps; k++) {
      double t = k * h;
      double[] k1 = rhs(p, t, m, v);
      double[] k2 = rhs(p, t + h / 2, m + h / 2 * k1[0], v + h / 2 * k1[1]);
      double[] k3 = rhs(p, t + h / 2, m + h / 2 * k2[0], v + h / 2 * k2[1]);
      double[] k4 = rhs(p, t + h, m + h * k3[0], v + h * k3[1]);
      m += h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
      v += h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
      if ((k + 1) % (steps / 4) == 0) {
        double tt = (k + 1) * h;
        assertThat(p.alpha(tt)).as("alpha(%s)", tt).isCloseTo(m, within(1e-9 + 1e-8 * Math.abs(m)));
        double s = p.sigma(tt);
        assertThat(s * s).as("sigma^2(%s)", tt).isCloseTo(v, within(1e-9 + 1e-8 * v));
      }
    }
    assertThat(p.alpha(0)).isEqualTo(1.0);
    assertThat(p.sigma(0)).isCloseTo(0.0, within(1e-12));
  }

  private static double[] rhs(LinearForwardProcess p, double t, double m, double v) {
    double lambda = p.driftRate(t);
    double g = p.diffusion(t);
    return new double[] {-lambda * m, -2 * lambda * v + g * g};
  }

  /**
   * Independent of the moment equations: simulate the SDE itself with Euler–Maruyama from X_0 = 1.5 and compare mean
   * and variance at T with alpha(T) X_0 and sigma(T)^2. n = 20000 paths: the mean has MC std sigma/sqrt(n), the
   * variance sigma^2 sqrt(2/n) (~1 % ); 4.5 standard errors plus the Euler bias (relative lambda h / 2 <= 5e-3).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("processesForSimulation")
  void eulerMaruyamaPathsHaveTheClosedFormMarginals(String name, LinearForwardProcess p) {
    int n = 20_000;
    double x0 = 1.5;
    Dynamics forward = new Dynamics() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return p.drift(x, t);
      }

      @Override
      public double diffusion(double t) {
        return p.diffusion(t);
      }
    };
    // Euler's stationary variance is off by a relative lambda h / 2: keep max lambda h <= 0.01
    double maxLambda = 0;
    for (int i = 0; i <= 100; i++) {
      maxLambda = Math.max(maxLambda, p.driftRate(p.horizon() * i / 100));
    }
    int steps = (int) Math.max(500, Math.ceil(p.horizon() * maxLambda / 0.01));
    TimeGrid grid = TimeGrid.uniform(0, p.horizon(), steps);
    INDArray start = Nd4j.valueArrayOf(new long[] {n, 1}, x0);
    INDArray end = new EulerMaruyama(steps, TimeGrid.Spacing.UNIFORM)
        .integrate(forward, start, grid, new RandomSource(11).split(name), StepObserver.NONE).state();
    double mean = end.meanNumber().doubleValue();
    double var = end.varNumber().doubleValue();
    double alpha = p.alpha(p.horizon());
    double sigma = p.sigma(p.horizon());
    double scale = Math.abs(alpha * x0) + sigma;
    assertThat(mean).isCloseTo(alpha * x0, within(4.5 * sigma / Math.sqrt(n) + 2e-3 * scale));
    assertThat(var).isCloseTo(sigma * sigma, within(sigma * sigma * (4.5 * Math.sqrt(2.0 / n) + 6e-3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processes")
  void priorIsANormalisedDensityNearTheFarEndMarginal(String name, LinearForwardProcess p) {
    var prior = (IsotropicGaussianPrior) p.prior(1);
    double std = prior.std();
    // trapezoid over +-12 std: the density integrates to one
    int m = 20_000;
    double a = -12 * std;
    double h = 24 * std / m;
    double[] xs = new double[m + 1];
    for (int i = 0; i <= m; i++) {
      xs[i] = a + i * h;
    }
    double[] logp = prior.logDensity(Nd4j.createFromArray(xs).reshape(m + 1, 1)).toDoubleVector();
    double integral = 0;
    for (int i = 0; i <= m; i++) {
      integral += (i == 0 || i == m ? 0.5 : 1) * Math.exp(logp[i]) * h;
    }
    assertThat(integral).isCloseTo(1.0, within(1e-9));
    // samples have the stated std (n = 40000: relative std error of the variance sqrt(2/n) = 0.7 %)
    INDArray s = p.prior(3).sample(40_000, new RandomSource(3));
    assertThat(s.varNumber().doubleValue()).isCloseTo(std * std, within(std * std * 0.035));
    // the prior is the far-end law up to the data's remaining contribution alpha(T)
    if (!(p instanceof OrnsteinUhlenbeck)) {
      double sT = p.sigma(p.horizon());
      assertThat(std).isCloseTo(sT, within(0.01 * sT + 1e-4));
    }
  }

  @Test
  void vpReachesAlmostPureNoise() {
    var vp = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
    assertThat(vp.alpha(1.0)).isLessThan(0.01);
    assertThat(new VariancePreserving(BetaSchedule.cosine(), 1.0).alpha(1.0)).isLessThan(0.01);
  }

  @Test
  void factoriesRejectInconsistentSettings() {
    var vp = new ForwardProcessFactories.Vp();
    Settings bad = Settings.of("forward 'vp'", "forward.", Map.of("beta-min", "5", "beta-max", "1"), vp.settings());
    assertThatThrownBy(() -> vp.create(bad, null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("forward.beta-max");
    var ve = new ForwardProcessFactories.Ve();
    assertThatThrownBy(() -> Settings.of("forward 've'", "forward.", Map.of("sigma-min", "-1"), ve.settings()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("forward.sigma-min");
    ForwardProcess p = vp.create(Settings.of("forward 'vp'", "forward.", Map.of("schedule", "cosine"),
        vp.settings()), null);
    assertThat(p.linear()).isPresent();
    assertThat(List.of(p.horizon())).containsExactly(1.0);
  }
}
