package io.driftkit.control.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.driftkit.api.Components;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMC against exact answers (log Z and moments of Gaussians and Gaussian mixtures built here from api's
 * GaussianMixture). The Monte Carlo error of one run is not known in closed form (resampling correlates the
 * particles), so the tests measure it: they repeat the run over R seeds and compare the mean over seeds with the
 * truth in units of its standard error sd / sqrt(R). With R = 8 seeds the standardised error is Student-t with 7
 * degrees of freedom; |t| > 5 has probability about 2e-3, so a bound of 5 standard errors is a real test that a
 * correct sampler passes at the fixed seeds. Each test also bounds the spread itself, so a sampler cannot pass by
 * being noisy.
 */
class SmcMethodTest {

  private static final double[] MEAN = {1.0, -2.0, 0.5, 3.0, -1.0};
  private static final double[] VAR = {0.5, 1.0, 2.0, 0.3, 1.5};
  private static final double LOG_Z = 3.7;
  private static final int SEEDS = 8;
  private static final double T_BOUND = 5;

  private static Map<String, String> defaults() {
    return new HashMap<>(Map.of("temperatures", "30", "schedule", "linear", "init-scale", "2", "moves", "2"));
  }

  private static Method method(Map<String, String> given) {
    SmcFactory factory = new SmcFactory();
    return factory.create(Settings.of("method 'smc'", "method.", given, factory.settings()), null);
  }

  private static Method.Sample run(Target target, Map<String, String> given, int n, long seed) {
    Method m = method(given);
    Components c = new Components(target, null, null, null, null);
    m.validate(c);
    return m.sample(c, n, new RandomSource(seed), StepObserver.NONE);
  }

  private static double logZ(Method.Sample s) {
    double[] w = Rows.values(s.logWeights());
    return Rows.logSumExp(w) - Math.log(w.length);
  }

  @Test
  void logZAndMomentsOfAGaussianMatchTheTruthWithMala() {
    checkGaussian(defaults(), 1000);
  }

  @Test
  void logZAndMomentsOfAGaussianMatchTheTruthWithHmc() {
    Map<String, String> given = defaults();
    given.put("kernel", "hmc");
    given.put("leapfrog", "2");
    given.put("moves", "1");
    given.put("target-acceptance", "0.8");
    checkGaussian(given, 1000);
  }

  @Test
  void jitteredStepsKeepLogZAndMomentsOfAGaussianWithMalaAndHmc() {
    // per-particle steps h exp(J u): a wrong acceptance ratio for the particle's own step would bias the variances
    Map<String, String> mala = defaults();
    mala.put("step-jitter", "1.5");
    checkGaussian(mala, 1000);
    Map<String, String> hmc = defaults();
    hmc.put("kernel", "hmc");
    hmc.put("leapfrog", "2");
    hmc.put("moves", "1");
    hmc.put("target-acceptance", "0.8");
    hmc.put("step-jitter", "1.0");
    checkGaussian(hmc, 1000);
  }

  private static void checkGaussian(Map<String, String> given, int n) {
    DiagonalGaussian target = new DiagonalGaussian(MEAN, VAR, LOG_Z);
    double[] logZ = new double[SEEDS];
    double[][] means = new double[SEEDS][];
    double[][] vars = new double[SEEDS][];
    for (int s = 0; s < SEEDS; s++) {
      Method.Sample sample = run(target, given, n, 100 + s);
      logZ[s] = logZ(sample);
      assertThat(sample.metrics().get("log_z_smc").doubleValue()).isCloseTo(logZ[s], offset(1e-9));
      double[][] x = sample.samples().toDoubleMatrix();
      means[s] = columnMeans(x);
      vars[s] = columnVariances(x, means[s]);
      assertThat(sample.metrics().get("acceptance_rate").doubleValue()).isBetween(0.3, 1.0);
    }
    // power check: plain importance sampling from the start N(0, 4 I) with these n would give a spread of log Z
    // well above 1 (the target's mean lies 3 to 5 reference sds out in one coordinate); annealing with moves must
    // bring it under 0.1
    assertThat(sd(logZ)).isLessThan(0.1);
    assertThat(mean(logZ)).isCloseTo(LOG_Z, offset(T_BOUND * sd(logZ) / Math.sqrt(SEEDS)));
    for (int j = 0; j < MEAN.length; j++) {
      double[] mj = column(means, j);
      double[] vj = column(vars, j);
      // a spread of the per-run mean above 3 sqrt(var / n) would mean fewer than n / 9 effective samples
      assertThat(sd(mj)).as("sd of mean %d", j).isLessThan(3 * Math.sqrt(VAR[j] / n));
      assertThat(mean(mj)).as("mean %d", j).isCloseTo(MEAN[j], offset(T_BOUND * sd(mj) / Math.sqrt(SEEDS)));
      assertThat(mean(vj)).as("variance %d", j).isCloseTo(VAR[j], offset(T_BOUND * sd(vj) / Math.sqrt(SEEDS)));
    }
  }

  /**
   * The 3x3 grid of gmm-grid (means on {-5, 0, 5}^2, covariance 0.3 I, equal weights, log Z = 0): MALA cannot cross
   * between modes at beta = 1, so the right mode weights come only from the importance weights and resampling.
   */
  @Test
  void mixtureGridHasLogZZeroAndEveryModePopulated() {
    double[][] means = new double[9][];
    double[] w = new double[9];
    double[] v = new double[9];
    for (int c = 0; c < 9; c++) {
      means[c] = new double[] {-5 + 5 * (c / 3), -5 + 5 * (c % 3)};
      w[c] = 1;
      v[c] = 0.3;
    }
    GaussianMixture mixture = GaussianMixture.isotropic(w, means, v);
    ShiftedMixture target = new ShiftedMixture(mixture, 0);
    Map<String, String> given = defaults();
    given.put("init-scale", "5");
    given.put("temperatures", "40");
    given.put("schedule", "geometric");
    given.put("beta-min", "0.01");
    int n = 1000;
    double[] logZ = new double[SEEDS];
    for (int s = 0; s < SEEDS; s++) {
      Method.Sample sample = run(target, given, n, 200 + s);
      logZ[s] = logZ(sample);
      double[] counts = new double[9];
      double[] r = Rows.values(mixture.responsibilities(sample.samples()));
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 9; c++) {
          counts[c] += r[i * 9 + c];
        }
      }
      // each mode should hold n / 9 = 111 particles; with a binomial sd of 10 and resampling inflating it a few
      // times, half of that is far outside the error of a correct run and far from an empty mode
      for (int c = 0; c < 9; c++) {
        assertThat(counts[c]).as("seed %d mode %d", s, c).isGreaterThan(0.5 * n / 9).isLessThan(1.5 * n / 9);
      }
    }
    assertThat(sd(logZ)).isLessThan(0.1);
    assertThat(mean(logZ)).isCloseTo(0, offset(T_BOUND * sd(logZ) / Math.sqrt(SEEDS)));
  }

  /**
   * Unbiasedness in Z: with fixed kernels (no adaptation) E[Z-hat] = Z exactly. A deliberately rough setting (100
   * particles, 5 temperatures) gives log Z-hat a spread of order 0.3, so the Jensen gap of log Z-hat is visible
   * while the mean of exp(log Z-hat - log Z) over R = 300 runs has a standard error sd / sqrt(R) of order 0.02;
   * the check allows 5 of those. The spread being that large is asserted too, so the test has power.
   */
  @ParameterizedTest
  @ValueSource(strings = {"0", "2"})
  void zHatIsUnbiasedWithFixedKernels(String jitter) {
    DiagonalGaussian target = new DiagonalGaussian(MEAN, VAR, LOG_Z);
    Map<String, String> given = defaults();
    given.put("step-jitter", jitter);
    given.put("temperatures", "5");
    given.put("adapt", "false");
    given.put("step-size", "0.1");
    given.put("init-scale", "2");
    int runs = 300;
    double[] ratio = new double[runs];
    double[] logZ = new double[runs];
    for (int s = 0; s < runs; s++) {
      logZ[s] = logZ(run(target, given, 100, 1000 + s));
      ratio[s] = Math.exp(logZ[s] - LOG_Z);
    }
    assertThat(sd(logZ)).isGreaterThan(0.15);
    // the Jensen gap, about var(log Z-hat) / 2, must be seen (3 standard errors), or the check below had no power
    assertThat(mean(logZ)).as("log Z-hat is biased low (Jensen)").isLessThan(LOG_Z - 3 * sd(logZ) / Math.sqrt(runs));
    assertThat(mean(ratio)).isCloseTo(1.0, offset(T_BOUND * sd(ratio) / Math.sqrt(runs)));
  }

  @Test
  void logWeightsCarryTheEstimateWithAndWithoutFinalResampling() {
    DiagonalGaussian target = new DiagonalGaussian(MEAN, VAR, LOG_Z);
    Map<String, String> given = defaults();
    given.put("temperatures", "10");
    Method.Sample resampled = run(target, given, 500, 7);
    given.put("final-resample", "false");
    Method.Sample weighted = run(target, given, 500, 7);
    double estimate = resampled.metrics().get("log_z_smc").doubleValue();
    // the two runs are identical until the final resampling
    assertThat(weighted.metrics().get("log_z_smc").doubleValue()).isEqualTo(estimate);
    assertThat(Rows.values(resampled.logWeights())).containsOnly(estimate);
    double[] w = Rows.values(weighted.logWeights());
    assertThat(Rows.logSumExp(w) - Math.log(w.length)).isCloseTo(estimate, offset(1e-9));
    assertThat(resampled.functionEvaluations()).isEqualTo(1 + 10 * 2);
    assertThat(resampled.metrics()).containsKeys("acceptance_rate", "resampling_steps", "ess_final", "ess_min");
    // ess_final is the normalised ESS (sum w)^2 / (n sum w^2) of the weights before the final resampling, that is of
    // the weights the unresampled run returns; both runs report it, since they agree until that point
    double ess = LogZ.normalisedEss(w);
    assertThat(ess).isStrictlyBetween(1.0 / w.length, 1.0);
    assertThat(weighted.metrics().get("ess_final").doubleValue()).isCloseTo(ess, offset(1e-12));
    assertThat(resampled.metrics().get("ess_final")).isEqualTo(weighted.metrics().get("ess_final"));
  }

  @Test
  void reportsOneStepPerTemperatureAsItSaysItWill() {
    Map<String, String> given = defaults();
    given.put("temperatures", "37");
    Method m = method(given);
    Components c = new Components(new DiagonalGaussian(MEAN, VAR, LOG_Z), null, null, null, null);
    java.util.List<Double> betas = new java.util.ArrayList<>();
    m.sample(c, 50, new RandomSource(1), step -> betas.add(step.time()));
    assertThat(m.sampleSteps(c, 50)).isEqualTo(37);
    assertThat(betas).hasSize(37).isSorted();
    assertThat(betas.get(36)).isEqualTo(1.0);
  }

  @Test
  void hmcCountsLeapfrogGradients() {
    Map<String, String> given = defaults();
    given.put("temperatures", "4");
    given.put("kernel", "hmc");
    given.put("leapfrog", "3");
    Method.Sample s = run(new DiagonalGaussian(MEAN, VAR, LOG_Z), given, 50, 1);
    assertThat(s.functionEvaluations()).isEqualTo(1 + 4 * 2 * 3);
  }

  @Test
  void aTargetWithZeroDensityEverywhereFailsWithAClearError() {
    Target nowhere = new DiagonalGaussian(MEAN, VAR, Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> run(nowhere, defaults(), 50, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("all zero");
  }

  @Test
  void sameSeedGivesTheSameNumbers() {
    DiagonalGaussian target = new DiagonalGaussian(MEAN, VAR, LOG_Z);
    Method.Sample a = run(target, defaults(), 300, 5);
    Method.Sample b = run(target, defaults(), 300, 5);
    Method.Sample c = run(target, defaults(), 300, 6);
    assertThat(a.samples()).isEqualTo(b.samples());
    assertThat(a.metrics()).isEqualTo(b.metrics());
    assertThat(a.samples()).isNotEqualTo(c.samples());
  }

  @Test
  void badSettingsNameTheKey() {
    assertBad("temperatures", "0", "method.temperatures");
    assertBad("step-size", "-0.1", "method.step-size");
    assertBad("resample-threshold", "0", "method.resample-threshold");
    assertBad("resample-threshold", "1.5", "method.resample-threshold");
    assertBad("target-acceptance", "1", "method.target-acceptance");
    assertBad("moves", "0", "method.moves");
    assertBad("schedule", "cosine", "method.schedule");
    assertBad("beta-min", "0", "method.beta-min");
    assertBad("init-scale", "0", "method.init-scale");
    // the edge of the valid range is accepted
    method(Map.of("resample-threshold", "1"));
  }

  private static void assertBad(String key, String value, String fullKey) {
    assertThatThrownBy(() -> method(Map.of(key, value))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(fullKey).hasMessageContaining(value);
  }

  @Test
  void schedulesRunFromZeroToOneIncreasing() {
    for (Schedule s : Schedule.values()) {
      double[] b = s.betas(20, 3, 1e-3);
      assertThat(b).hasSize(21);
      assertThat(b[0]).isZero();
      assertThat(b[20]).isEqualTo(1.0);
      for (int k = 1; k <= 20; k++) {
        assertThat(b[k]).as("%s %d", s, k).isGreaterThan(b[k - 1]);
      }
    }
    assertThat(Schedule.GEOMETRIC.betas(20, 3, 1e-3)[1]).isCloseTo(1e-3, offset(1e-15));
    assertThat(Schedule.POWER.betas(4, 2, 1e-3)).containsExactly(0, 1.0 / 16, 0.25, 9.0 / 16, 1);
    assertThat(Schedule.GEOMETRIC.betas(1, 3, 1e-3)).containsExactly(0, 1);
  }

  private static double[] columnMeans(double[][] x) {
    double[] m = new double[x[0].length];
    for (double[] row : x) {
      for (int j = 0; j < m.length; j++) {
        m[j] += row[j] / x.length;
      }
    }
    return m;
  }

  private static double[] columnVariances(double[][] x, double[] m) {
    double[] v = new double[m.length];
    for (double[] row : x) {
      for (int j = 0; j < m.length; j++) {
        v[j] += (row[j] - m[j]) * (row[j] - m[j]) / (x.length - 1);
      }
    }
    return v;
  }

  private static double[] column(double[][] a, int j) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i][j];
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

  static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }
}
