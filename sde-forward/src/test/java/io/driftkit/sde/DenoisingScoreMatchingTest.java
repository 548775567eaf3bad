package io.driftkit.sde;

import io.driftkit.testkit.MixtureTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Components;
import io.driftkit.api.DataSource;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.RandomSource;
import io.driftkit.api.SampleSupport;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.TrainingSupport;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.SubVariancePreserving;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DenoisingScoreMatchingTest {

  record Context(Components components, LearnableDriftModel model, RandomSource random, int batchSize, int step,
      TrainingSupport offered) implements TrainingContext {
    @Override
    public <S extends TrainingSupport> S support(Class<S> contract) {
      if (!contract.isInstance(offered)) {
        throw new IllegalStateException(contract.getSimpleName() + " not offered");
      }
      return contract.cast(offered);
    }
  }

  static final SubVariancePreserving FORWARD = new SubVariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);

  private static double loss(Loss loss, MlpModel model, MixtureTarget target) {
    return loss.evaluate(context(model, target)).loss();
  }

  private static Context context(MlpModel model, MixtureTarget target) {
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
    return new Context(new Components(target, FORWARD, model, null, null), model, new RandomSource(4), 32, 0,
        (SampleSupport) () -> data);
  }

  /**
   * The returned gradient is that of the returned loss: central differences in a float64 network with the batch
   * fixed by the seed. eps = 1e-5: truncation ~ 1e-10, round-off ~ 1e-16 |L| / eps; tolerance 1e-6 of the scale.
   */
  @ParameterizedTest
  @EnumSource(DenoisingScoreMatching.Weighting.class)
  void gradientIsTheDerivativeOfTheLoss(DenoisingScoreMatching.Weighting weighting) {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = new MlpModel(new MlpConfig(2, new int[] {8}, "gelu", 2, 10, false, true), new RandomSource(1));
    Loss dsm = new DenoisingScoreMatching(weighting, 1e-2);
    Loss.Value value = dsm.evaluate(context(model, target));
    INDArray theta = model.parameters();
    double scale = value.gradient().amaxNumber().doubleValue();
    double eps = 1e-5;
    for (int i = 0; i < theta.length(); i += 5) {
      INDArray plus = theta.dup();
      plus.putScalar(i, theta.getDouble(i) + eps);
      model.setParameters(plus);
      double lp = loss(dsm, model, target);
      INDArray minus = theta.dup();
      minus.putScalar(i, theta.getDouble(i) - eps);
      model.setParameters(minus);
      double lm = loss(dsm, model, target);
      model.setParameters(theta);
      assertThat(value.gradient().getDouble(i)).as("%s dL/dtheta[%s]", weighting, i)
          .isCloseTo((lp - lm) / (2 * eps), within(1e-6 * scale));
    }
  }

  /**
   * At initialisation with a zero output layer s = 0, so the sigma2-weighted loss is E|z|^2 = d exactly in
   * expectation; over a batch of 32 in d = 2, |z|^2 ~ chi^2_2 has sd 2, so the batch mean is 2 +- 0.35 (sd).
   */
  @Test
  void zeroScoreGivesTheNoiseEnergy() {
    MlpModel zero = new MlpModel(new MlpConfig(2, new int[] {8}, "silu", 2, 10, true, true), new RandomSource(1));
    double l = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, 1e-3)
        .evaluate(context(zero, MixtureTarget.grid())).loss();
    assertThat(l).isCloseTo(2.0, within(5 * 0.354));
  }

  @Test
  void needsSamplesFromItsMethod() {
    Loss dsm = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.NONE, 1e-3);
    assertThat(dsm.requires()).isEqualTo(SampleSupport.class);
    MlpModel model = new MlpModel(new MlpConfig(2, new int[] {8}, "silu", 2, 10, true, false), new RandomSource(1));
    Context noData = new Context(new Components(MixtureTarget.grid(), FORWARD, model, null, null), model,
        new RandomSource(1), 8, 0, TrainingSupport.NONE);
    assertThatThrownBy(() -> dsm.evaluate(noData)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SampleSupport");
  }
}
