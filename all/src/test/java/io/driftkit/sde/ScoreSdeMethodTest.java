package io.driftkit.sde;

import io.driftkit.testkit.MixtureTarget;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.Components;
import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.integrate.DormandPrince45;
import io.driftkit.sde.integrate.EulerMaruyama;
import io.driftkit.sde.integrate.StochasticHeun;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.VariancePreserving;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class ScoreSdeMethodTest {

  static final VariancePreserving VP = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);

  static Stream<Arguments> integrators() {
    return Stream.of(
        Arguments.of("euler-maruyama", new EulerMaruyama(500, TimeGrid.Spacing.UNIFORM)),
        Arguments.of("stochastic-heun", new StochasticHeun(200, TimeGrid.Spacing.UNIFORM)),
        Arguments.of("rk45", new DormandPrince45(1e-5, 1e-5, 10_000)));
  }

  /**
   * The null band of the unbiased MMD^2 at sample size n: its root mean square over independent pairs of exact
   * sample sets (mean zero under the null, so this is its standard deviation).
   */
  static double nullBand(MixtureTarget target, int n, double h, int replicates) {
    double sumSq = 0;
    for (int r = 0; r < replicates; r++) {
      INDArray a = target.sample(n, new RandomSource(1000 + r));
      INDArray b = target.sample(n, new RandomSource(2000 + r));
      double v = Mmd.squared(a, b, h);
      sumSq += v * v;
    }
    return Math.sqrt(sumSq / replicates);
  }

  /**
   * With the exact score, reverse-SDE and probability-flow samples of the 9-mode grid match exact samples: MMD^2
   * within 5 null standard deviations (estimated from 8 replicate pairs; a 5-sigma band leaves room for the
   * estimate's own error) at two bandwidths (the median heuristic ~ 6 sees the mode weights, h = 0.5 the mode
   * shapes), and every mode gets its share: expected n/9 = 111 of 1000, binomial sd 9.9, at least 111 - 5 sd.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("integrators")
  void oracleScoreSamplesMatchExactSamples(String name, Integrator integrator) {
    MixtureTarget target = MixtureTarget.grid();
    int n = 1000;
    Components components = new Components(target, VP, new OracleScoreModel(target.gaussianMixture(), VP), null, integrator);
    Method method = new ScoreSdeMethod(null, 1e-3);
    method.validate(components);
    Method.Sample sample = method.sample(components, n, new RandomSource(5).split(name), StepObserver.NONE);
    INDArray exact = target.sample(n, new RandomSource(6));
    for (double h : new double[] {Mmd.medianBandwidth(sample.samples(), exact), 0.5}) {
      double mmd = Mmd.squared(sample.samples(), exact, h);
      double band = nullBand(target, n, h, 8);
      assertThat(mmd).as("%s MMD^2 at bandwidth %s (null sd %s)", name, h, band).isLessThan(5 * band);
    }
    int[] counts = modeCounts(target.gaussianMixture(), sample.samples());
    for (int c : counts) {
      assertThat(c).as("mode counts %s", java.util.Arrays.toString(counts)).isGreaterThanOrEqualTo(111 - 50);
    }
    assertThat(sample.functionEvaluations()).isPositive();
  }

  static int[] modeCounts(GaussianMixture mixture, INDArray x) {
    INDArray resp = mixture.responsibilities(x);
    int[] counts = new int[mixture.components()];
    for (int i = 0; i < x.size(0); i++) {
      counts[resp.getRow(i).argMax().getInt(0)]++;
    }
    return counts;
  }

  /**
   * A short mlp + dsm run on a four-mode mixture: the loss falls, and reverse-SDE samples beat the untrained model's
   * MMD^2 (median bandwidth) by a wide margin: at least 10x (measured: untrained 0.645, trained 0.031, the exact score
   * 0.0004 with the same integrator).
   */
  @Test
  void shortTrainingLowersTheLossAndImprovesSamples() {
    double[][] means = {{-2, -2}, {-2, 2}, {2, -2}, {2, 2}};
    MixtureTarget target = new MixtureTarget(GaussianMixture.isotropic(new double[] {1, 1, 1, 1}, means,
        new double[] {0.1, 0.1, 0.1, 0.1}));
    MlpModel model = new MlpModel(new MlpConfig(2, new int[] {32, 32}, "silu", 8, 50, true, false),
        new RandomSource(1).split("model"));
    Integrator em = new EulerMaruyama(100, TimeGrid.Spacing.UNIFORM);
    var loss = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-3);
    Components components = new Components(target, VP, model, loss, em);
    Method method = new ScoreSdeMethod(null, 1e-3);
    method.validate(components);
    int n = 800;
    INDArray exact = target.sample(n, new RandomSource(6));
    double h = Mmd.medianBandwidth(exact, target.sample(n, new RandomSource(7)));
    Components oracle = new Components(target, VP, new OracleScoreModel(target.gaussianMixture(), VP), null, em);
    System.out.printf("dsm: oracle MMD^2 %.4g (h %.3g)%n", Mmd.squared(method.sample(oracle, n, new RandomSource(9),
        StepObserver.NONE).samples(), exact, h), h);
    double untrained = Mmd.squared(method.sample(components, n, new RandomSource(9), StepObserver.NONE).samples(),
        exact, h);
    TrainSettings settings = TrainSettings.parse(Map.of("steps", "200", "batch", "128", "lr", "1e-2",
        "schedule", "cosine", "ema", "0.99"));
    long t0 = System.nanoTime();
    TrainResult result = new Trainer(settings).withProgress(TrainingProgress.NONE)
        .train(method, components, new RandomSource(3), null, false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double trained = Mmd.squared(method.sample(components, n, new RandomSource(9), StepObserver.NONE).samples(),
        exact, h);
    System.out.printf("dsm: loss %.4f -> %.4f in %.1fs; MMD^2 untrained %.4g trained %.4g%n",
        result.history().meanLoss(0, 20), result.history().meanLoss(180, 200), seconds, untrained, trained);
    assertThat(result.history().meanLoss(180, 200)).isLessThan(0.8 * result.history().meanLoss(0, 20));
    assertThat(trained).isLessThan(untrained / 10);
  }
}
