package io.driftkit.sde;

import io.driftkit.testkit.MixtureTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Components;
import io.driftkit.api.DataSource;
import io.driftkit.api.DenoisingSupport;
import io.driftkit.api.Prediction;
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
    return context(model, target, Prediction.SCORE);
  }

  private static Context context(MlpModel model, MixtureTarget target, Prediction prediction) {
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
    DenoisingSupport support = new DenoisingSupport() {
      @Override
      public DataSource data() {
        return data;
      }

      @Override
      public Prediction prediction() {
        return prediction;
      }
    };
    return new Context(new Components(target, FORWARD, model, null, null), model, new RandomSource(4), 32, 0,
        support);
  }

  /**
   * A model of another parametrisation trains on that parametrisation's own regression: with the sigma2 weighting the
   * loss is, on the very batch the loss draws (replayed here from the same seed), {@code mean |m - z|^2} for eps (Ho et
   * al.), {@code mean alpha^2/sigma^2 |m - x0|^2} for x0 and {@code mean alpha^2/(alpha^2 + sigma^2)^2 |m - v*|^2} with
   * {@code v* = alpha z - sigma x0} for v; and its gradient is the loss's (central differences).
   */
  @ParameterizedTest
  @EnumSource(value = Prediction.class, names = {"EPS", "X0", "V"})
  void otherParametrisationsTrainOnTheirOwnTargets(Prediction prediction) {
    MixtureTarget target = MixtureTarget.grid();
    MlpModel model = new MlpModel(new MlpConfig(2, new int[] {8}, "gelu", 2, 10, false, true), new RandomSource(1));
    double tMin = 1e-2;
    Loss dsm = new DenoisingScoreMatching(DenoisingScoreMatching.Weighting.SIGMA2, tMin);
    Loss.Value value = dsm.evaluate(context(model, target, prediction));
    RandomSource replay = new RandomSource(4);
    int n = 32;
    INDArray x0 = target.sample(n, replay);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = tMin + (FORWARD.horizon() - tMin) * replay.nextDouble();
    }
    INDArray z = replay.normal(n, 2);
    double native0 = 0;
    for (int i = 0; i < n; i++) {
      double a = FORWARD.alpha(t[i]);
      double s = FORWARD.sigma(t[i]);
      INDArray x0i = x0.getRow(i).reshape(1, 2);
      INDArray zi = z.getRow(i).reshape(1, 2);
      INDArray xt = x0i.mul(a).addi(zi.mul(s));
      INDArray m = model.evaluate(xt, t[i]);
      INDArray goal;
      double weight;
      switch (prediction) {
        case EPS -> {
          goal = zi;
          weight = 1;
        }
        case X0 -> {
          goal = x0i;
          weight = a * a / (s * s);
        }
        default -> {
          goal = zi.mul(a).subi(x0i.mul(s));
          weight = a * a / ((a * a + s * s) * (a * a + s * s));
        }
      }
      INDArray r = m.sub(goal);
      native0 += weight * r.mul(r).sumNumber().doubleValue() / n;
    }
    assertThat(value.loss()).isCloseTo(native0, within(1e-10 * native0));
    INDArray theta = model.parameters();
    double scale = value.gradient().amaxNumber().doubleValue();
    double eps = 1e-5;
    for (int i = 0; i < theta.length(); i += 7) {
      INDArray plus = theta.dup();
      plus.putScalar(i, theta.getDouble(i) + eps);
      model.setParameters(plus);
      double lp = dsm.evaluate(context(model, target, prediction)).loss();
      INDArray minus = theta.dup();
      minus.putScalar(i, theta.getDouble(i) - eps);
      model.setParameters(minus);
      double lm = dsm.evaluate(context(model, target, prediction)).loss();
      model.setParameters(theta);
      assertThat(value.gradient().getDouble(i)).as("%s dL/dtheta[%s]", prediction, i)
          .isCloseTo((lp - lm) / (2 * eps), within(1e-6 * scale));
    }
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
