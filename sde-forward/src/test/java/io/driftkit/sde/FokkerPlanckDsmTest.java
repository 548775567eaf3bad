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
        new RandomSource(4), 16, 0, (SampleSupport) () -> data);
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
