package io.driftkit.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Components;
import io.driftkit.api.DataSource;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Loss;
import io.driftkit.api.RandomSource;
import io.driftkit.api.SampleSupport;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.Target;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import io.driftkit.sde.fp.FokkerPlanckResidual;
import io.driftkit.sde.forward.OrnsteinUhlenbeck;
import io.driftkit.testkit.MixtureTarget;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FokkerPlanckDsmTest {

  static final OrnsteinUhlenbeck FORWARD = new OrnsteinUhlenbeck(1.0, 1.0, 3.0);

  private static DenoisingScoreMatchingTest.Context context(MlpModel model, MixtureTarget target) {
    return context(model, target, 0);
  }

  private static DenoisingScoreMatchingTest.Context context(MlpModel model, MixtureTarget target, int step) {
    DataSource data = new DataSource() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public INDArray batch(int n, RandomSource random) {
        return target.sample(n, random);
      }
    };
    // the same seed every call: the loss is then a deterministic function of the parameters
    return new DenoisingScoreMatchingTest.Context(new Components(target, FORWARD, model, null, null), model,
        new RandomSource(4), 16, step, (SampleSupport) () -> data);
  }

  /** Box points, the scaled weight and lambda part-way up its ramp (step 7 of a ramp of 4 after 5 steps: 3/4). */
  private static final FokkerPlanckDsm.Options ALL_OPTIONS = new FokkerPlanckDsm.Options(
      FokkerPlanckDsm.Points.BOX, 3.0, FokkerPlanckDsm.Weight.SCALED, 5, 4);

  private static FokkerPlanckDsm loss(double lambda, FokkerPlanckDsm.Options options) {
    return new FokkerPlanckDsm(new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-2), lambda,
        0.05, 0.01, 8, 1e-2, options);
  }

  private static FokkerPlanckDsm loss(double lambda) {
    return new FokkerPlanckDsm(new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-2), lambda,
        0.05, 0.01, 8, 1e-2);
  }

  private static MlpModel float64Model() {
    return new MlpModel(new MlpConfig(2, new int[] {8}, "gelu", 2, 10, false, true), new RandomSource(1));
  }

  /**
   * The returned gradient is that of the returned loss, residual term included: central differences of the loss in
   * a float64 network with every draw fixed by the seed. The loss is smooth in theta (the residual is a quadratic
   * form of the network's values at the stencil); eps = 1e-5 gives truncation ~ 1e-10 and round-off ~ 1e-16 |L| /
   * eps, far below the tolerance of 1e-6 of the largest gradient entry.
   */
  @Test
  void gradientIsTheDerivativeOfTheRegularisedLoss() {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = float64Model();
    Loss loss = loss(0.3);
    Loss.Value value = loss.evaluate(context(model, target));
    assertThat(value.extras().get("fp_residual")).as("the residual term is present").isGreaterThan(0);
    INDArray theta = model.parameters();
    double scale = value.gradient().amaxNumber().doubleValue();
    double eps = 1e-5;
    for (int i = 0; i < theta.length(); i += 3) {
      INDArray plus = theta.dup();
      plus.putScalar(i, theta.getDouble(i) + eps);
      model.setParameters(plus);
      double lp = loss.evaluate(context(model, target)).loss();
      INDArray minus = theta.dup();
      minus.putScalar(i, theta.getDouble(i) - eps);
      model.setParameters(minus);
      double lm = loss.evaluate(context(model, target)).loss();
      model.setParameters(theta);
      assertThat(value.gradient().getDouble(i)).as("dL/dtheta[%s]", i)
          .isCloseTo((lp - lm) / (2 * eps), within(1e-6 * scale));
    }
  }

  /** The same check with every option of the regulariser on: box points, the scaled weight, a partial ramp. */
  @Test
  void gradientIsTheDerivativeOfTheRegularisedLossWithEveryOption() {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = float64Model();
    Loss loss = loss(0.3, ALL_OPTIONS);
    int step = 7;
    Loss.Value value = loss.evaluate(context(model, target, step));
    assertThat(value.extras().get("fp_residual")).as("the residual term is present").isGreaterThan(0);
    assertThat(value.extras().get("fp_lambda")).isCloseTo(0.3 * 0.75, within(1e-15));
    INDArray theta = model.parameters();
    double scale = value.gradient().amaxNumber().doubleValue();
    double eps = 1e-5;
    for (int i = 0; i < theta.length(); i += 3) {
      INDArray plus = theta.dup();
      plus.putScalar(i, theta.getDouble(i) + eps);
      model.setParameters(plus);
      double lp = loss.evaluate(context(model, target, step)).loss();
      INDArray minus = theta.dup();
      minus.putScalar(i, theta.getDouble(i) - eps);
      model.setParameters(minus);
      double lm = loss.evaluate(context(model, target, step)).loss();
      model.setParameters(theta);
      assertThat(value.gradient().getDouble(i)).as("dL/dtheta[%s]", i)
          .isCloseTo((lp - lm) / (2 * eps), within(1e-6 * scale));
    }
  }

  /** Before fp-start the loss is plain dsm; on the ramp lambda is (step - start + 1) / ramp of its value. */
  @Test
  void scheduleIsPlainDsmThenALinearRamp() {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = float64Model();
    Loss dsm = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-2);
    Loss regularised = loss(2.0, ALL_OPTIONS);
    for (int step = 0; step < 5; step++) {
      Loss.Value plain = dsm.evaluate(context(model, target, step));
      Loss.Value early = regularised.evaluate(context(model, target, step));
      assertThat(early.loss()).as("step %s", step).isEqualTo(plain.loss());
      assertThat(early.gradient()).isEqualTo(plain.gradient());
    }
    double[] expected = {0.25, 0.5, 0.75, 1, 1, 1};
    for (int k = 0; k < expected.length; k++) {
      Loss.Value v = regularised.evaluate(context(model, target, 5 + k));
      assertThat(v.extras().get("fp_lambda")).as("step %s", 5 + k).isCloseTo(2.0 * expected[k], within(1e-15));
      assertThat(v.loss() - v.extras().get("dsm")).isCloseTo(2.0 * expected[k] * v.extras().get("fp_residual"),
          within(1e-12 * v.loss()));
    }
  }

  /** The scaled weight against the Ornstein-Uhlenbeck closed form: sigma^2 = s^2 (1 - e^(-2 theta t)) / (2 theta). */
  @Test
  void scaledWeightIsSigmaCubedOverGSquared() {
    double theta = 0.7;
    double s = 1.3;
    OrnsteinUhlenbeck forward = new OrnsteinUhlenbeck(theta, s, 3.0);
    for (double t : new double[] {1e-3, 0.1, 1, 2.9}) {
      double sigma = Math.sqrt(s * s * (1 - Math.exp(-2 * theta * t)) / (2 * theta));
      assertThat(FokkerPlanckDsm.scaledWeight(forward, t)).as("t = %s", t)
          .isCloseTo(sigma * sigma * sigma / (s * s), within(1e-12 * sigma * sigma * sigma));
    }
  }

  /** Box points fill the box (every coordinate within it, each quarter of it hit) and t lies on [t-min, T]. */
  @Test
  void boxPointsAreUniformOnTheBox() {
    var points = io.driftkit.sde.fp.ForwardPoints.box(4000, 2, 2.5, 0.01, 3.0, new RandomSource(9));
    double[] x = io.driftkit.toolkit.Rows.values(points.x());
    int[] quarter = new int[4];
    for (double v : x) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo(2.5);
      quarter[Math.min(3, (int) ((v + 2.5) / 1.25))]++;
    }
    // 8000 coordinates, 2000 expected per quarter, binomial sd 39: 6 sd is 230
    for (int q : quarter) {
      assertThat(q).isBetween(2000 - 230, 2000 + 230);
    }
    for (double t : points.t()) {
      assertThat(t).isBetween(0.01, 3.0);
    }
  }

  /**
   * The residual's gradient on its own is not swamped by dsm's: the gradient at lambda minus the one at 0 is lambda
   * times the residual's, so it is linear in lambda.
   */
  @Test
  void residualTermIsLinearInLambda() {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = float64Model();
    Loss.Value zero = loss(0).evaluate(context(model, target));
    Loss.Value one = loss(1).evaluate(context(model, target));
    Loss.Value two = loss(2).evaluate(context(model, target));
    double r = one.extras().get("fp_residual");
    assertThat(one.loss() - zero.loss()).isCloseTo(r, within(1e-9 * r));
    assertThat(two.loss() - zero.loss()).isCloseTo(2 * r, within(1e-9 * r));
    INDArray g1 = one.gradient().sub(zero.gradient());
    INDArray g2 = two.gradient().sub(zero.gradient());
    assertThat(g2.sub(g1.mul(2)).amaxNumber().doubleValue()).isLessThan(1e-9 * g1.amaxNumber().doubleValue());
    assertThat(g1.amaxNumber().doubleValue()).isGreaterThan(0);
  }

  /** At lambda = 0 the loss is plain dsm, same batch, same numbers (the residual draws from a stream of its own). */
  @Test
  void lambdaZeroIsPlainDsm() {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = float64Model();
    Loss.Value dsm = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-2)
        .evaluate(context(model, target));
    Loss.Value regularisedAtZero = loss(0).evaluate(context(model, target));
    Loss.Value regularised = loss(0.5).evaluate(context(model, target));
    assertThat(regularisedAtZero.loss()).isEqualTo(dsm.loss());
    assertThat(regularisedAtZero.gradient()).isEqualTo(dsm.gradient());
    assertThat(regularised.extras().get("dsm")).isEqualTo(dsm.loss());
  }

  @Test
  void refusesBadLambdaAndSteps() {
    Loss dsm = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-2);
    assertThatThrownBy(() -> new FokkerPlanckDsm(dsm, -0.1, 0.01, 0.01, 0, 1e-2))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.lambda").hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new FokkerPlanckDsm(dsm, Double.POSITIVE_INFINITY, 0.01, 0.01, 0, 1e-2))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.lambda");
    assertThatThrownBy(() -> new FokkerPlanckDsm(dsm, Double.NaN, 0.01, 0.01, 0, 1e-2))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.lambda");
    FokkerPlanckDsm.Factory factory = new FokkerPlanckDsm.Factory();
    assertThatThrownBy(() -> factory.create(Settings.of("loss 'dsm-fp'", "loss.", Map.of("lambda", "-1"),
        factory.settings()), context(FORWARD))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("loss.lambda");
    assertThatThrownBy(() -> factory.create(Settings.of("loss 'dsm-fp'", "loss.", Map.of("lambda", "NaN"),
        factory.settings()), context(FORWARD))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("loss.lambda");
    assertThatThrownBy(() -> factory.create(Settings.of("loss 'dsm-fp'", "loss.", Map.of("residual-step", "1e-5"),
        factory.settings()), context(FORWARD))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("loss.residual-step").hasMessageContaining(String.format(java.util.Locale.ROOT,
            "%.1e", FokkerPlanckResidual.MIN_SPACE_STEP));
    assertThatThrownBy(() -> new FokkerPlanckDsm.Options(FokkerPlanckDsm.Points.BOX, 0, FokkerPlanckDsm.Weight.NONE,
        0, 0)).isInstanceOf(ConfigException.class).hasMessageContaining("loss.residual-box");
    assertThatThrownBy(() -> new FokkerPlanckDsm.Options(FokkerPlanckDsm.Points.BOX, 1, FokkerPlanckDsm.Weight.NONE,
        -1, 0)).isInstanceOf(ConfigException.class).hasMessageContaining("loss.fp-start");
    assertThatThrownBy(() -> new FokkerPlanckDsm.Options(FokkerPlanckDsm.Points.BOX, 1, FokkerPlanckDsm.Weight.NONE,
        0, -2)).isInstanceOf(ConfigException.class).hasMessageContaining("loss.fp-ramp");
  }

  private static ComponentContext context(ForwardProcess forward) {
    return new ComponentContext() {
      @Override
      public Target target() {
        return MixtureTarget.grid();
      }

      @Override
      public Optional<ForwardProcess> forward() {
        return Optional.of(forward);
      }

      @Override
      public RandomSource random(String stream) {
        return new RandomSource(1).split(stream);
      }
    };
  }
}
