package io.driftkit.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Components;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.config.ConfigException;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class TrainerTest {

  /** Regress v(x, t) onto sin(x) + t over x ~ N(0, I), t ~ U(0, 1): L = mean |v - f|^2. */
  static final class RegressionLoss implements Loss {
    int failAt = -1;
    int nanAt = -1;

    @Override
    public Value evaluate(TrainingContext c) {
      if (c.step() == failAt) {
        throw new IllegalStateException("simulated crash at step " + c.step());
      }
      LearnableDriftModel m = c.model();
      int n = c.batchSize();
      INDArray x = c.random().normal(n, m.dim());
      INDArray t = c.random().uniform(n, 1).reshape(n);
      INDArray target = Transforms.sin(x).addiColumnVector(t.reshape(n, 1));
      INDArray residual = m.evaluate(x, t).subi(target);
      double loss = residual.mul(residual).sumNumber().doubleValue() / n;
      if (c.step() == nanAt) {
        loss = Double.NaN;
      }
      INDArray grad = m.backward(x, t, residual.mul(2.0 / n)).parameters();
      return new Value(loss, grad);
    }
  }

  static final Method METHOD = (components, n, random, observer) -> {
    throw new UnsupportedOperationException();
  };

  static MlpModel model() {
    return new MlpModel(new MlpConfig(2, new int[] {16, 16}, "silu", 4, 10, false, false), new RandomSource(1));
  }

  static Components components(LearnableDriftModel model, Loss loss) {
    return new Components(null, null, model, loss, null);
  }

  static TrainSettings settings(int steps, Map<String, String> more) {
    var given = new java.util.HashMap<>(more);
    given.put("steps", String.valueOf(steps));
    given.putIfAbsent("batch", "64");
    given.putIfAbsent("lr", "1e-2");
    return TrainSettings.parse(given);
  }

  @Test
  void trainingLowersTheLoss() {
    MlpModel model = model();
    TrainResult result = new Trainer(settings(150, Map.of())).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(model, new RegressionLoss()), new RandomSource(7), null, false);
    assertThat(result.diverged()).isFalse();
    assertThat(result.history().meanLoss(140, 150)).isLessThan(0.25 * result.history().meanLoss(0, 10));
  }

  /** Crash after the checkpoint at step 10 of 20, resume: the weights equal an uninterrupted run's bit for bit. */
  @Test
  void resumeGivesTheSameResultAsAnUninterruptedRun(@TempDir Path dir) {
    Map<String, String> keys = Map.of("checkpoint-every", "5", "ema", "0.9", "schedule", "cosine", "clip", "1");
    MlpModel straight = model();
    new Trainer(settings(20, keys)).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(straight, new RegressionLoss()), new RandomSource(7), dir.resolve("a"), false);

    MlpModel interrupted = model();
    RegressionLoss crashing = new RegressionLoss();
    crashing.failAt = 12;
    assertThatThrownBy(() -> new Trainer(settings(20, keys)).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(interrupted, crashing), new RandomSource(7), dir.resolve("b"), false))
        .hasMessageContaining("simulated crash");
    MlpModel resumed = model();
    TrainResult result = new Trainer(settings(20, keys)).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(resumed, new RegressionLoss()), new RandomSource(7), dir.resolve("b"), true);
    assertThat(result.message()).contains("resumed at step 10");
    assertThat(resumed.parameters()).isEqualTo(straight.parameters());
    assertThat(result.history().steps()).isEqualTo(20);
  }

  @Test
  void nanStopsWithTheStepAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
    MlpModel model = model();
    RegressionLoss loss = new RegressionLoss();
    loss.nanAt = 7;
    TrainResult result = new Trainer(settings(20, Map.of("checkpoint-every", "5"))).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(model, loss), new RandomSource(7), dir, false);
    assertThat(result.diverged()).isTrue();
    assertThat(result.divergedAt()).isEqualTo(7);
    assertThat(result.message()).contains("step 7").contains("step 5").contains(Trainer.MODEL_FILE);
    MlpModel fromCheckpoint = model();
    fromCheckpoint.load(dir.resolve(Trainer.MODEL_FILE));
    // the checkpoint is from step 5: the same as a clean 5-step run
    MlpModel fiveSteps = model();
    new Trainer(settings(5, Map.of())).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(fiveSteps, new RegressionLoss()), new RandomSource(7), null, false);
    assertThat(fromCheckpoint.parameters()).isEqualTo(fiveSteps.parameters());
    assertThat(Transforms.abs(model.parameters()).maxNumber().doubleValue()).isFinite();
  }

  /**
   * With the loss sum(theta) the gradient is all ones, so bias-corrected Adam moves every weight by exactly
   * lr / (1 + eps) per step: theta_k = theta_0 - k lr'. The EMA e_k = b e_{k-1} + (1 - b) theta_k from e_0 = theta_0
   * then has the closed form e_K = theta_0 - lr' sum_k (1 - b) b^{K-k} k.
   */
  @Test
  void adamAndEmaFollowTheirClosedForms() {
    MlpModel model = model();
    INDArray theta0 = model.parameters();
    Loss sumOfWeights = c -> new Loss.Value(c.model().parameters().sumNumber().doubleValue(),
        Nd4j.ones(c.model().parameterCount()));
    double lr = 0.01;
    double b = 0.8;
    int steps = 6;
    new Trainer(settings(steps, Map.of("lr", String.valueOf(lr), "ema", String.valueOf(b))))
        .withProgress(TrainingProgress.NONE).train(METHOD, components(model, sumOfWeights), new RandomSource(1), null,
            false);
    double step = lr / (1 + 1e-8);
    double shift = 0;
    for (int k = 1; k <= steps; k++) {
      shift += (1 - b) * Math.pow(b, steps - k) * k * step;
    }
    INDArray expected = theta0.sub(shift);
    // float32 weights: compare to float32 resolution of |theta| <= 1
    assertThat(model.parameters().sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
  }

  @Test
  void learningRateSchedules() {
    TrainSettings step = settings(100, Map.of("lr", "1", "schedule", "step", "lr-decay", "0.1",
        "lr-decay-every", "10"));
    assertThat(step.learningRate(9)).isEqualTo(1.0);
    assertThat(step.learningRate(10)).isCloseTo(0.1, within(1e-15));
    assertThat(step.learningRate(25)).isCloseTo(0.01, within(1e-15));
    TrainSettings cosine = settings(101, Map.of("lr", "1", "schedule", "cosine", "lr-final", "0.02"));
    assertThat(cosine.learningRate(0)).isEqualTo(1.0);
    assertThat(cosine.learningRate(50)).isCloseTo(0.51, within(1e-12));
    assertThat(cosine.learningRate(100)).isCloseTo(0.02, within(1e-12));
    TrainSettings warm = settings(100, Map.of("lr", "1", "warmup", "4"));
    assertThat(warm.learningRate(0)).isEqualTo(0.25);
    assertThat(warm.learningRate(4)).isEqualTo(1.0);
  }

  /** A time budget stops training at a step boundary, checkpoints there, and anneals a cosine schedule by time. */
  @Test
  void aTimeBudgetStopsTrainingAndAnnealsTheScheduleByTime(@TempDir Path dir) throws Exception {
    TrainSettings cosine = settings(1000, Map.of("lr", "1", "schedule", "cosine", "lr-final", "0.02"));
    assertThat(cosine.learningRate(0, 0.5)).isCloseTo(0.51, within(1e-12));
    assertThat(cosine.learningRate(900, 0.5)).isEqualTo(cosine.learningRate(900));
    assertThat(cosine.learningRate(0, 1)).isCloseTo(0.02, within(1e-12));
    MlpModel model = model();
    TrainResult result = new Trainer(settings(1_000_000, Map.of("max-seconds", "0.5")))
        .withProgress(TrainingProgress.NONE).train(METHOD, components(model, new RegressionLoss()),
            new RandomSource(7), dir, false);
    assertThat(result.stepsDone()).isPositive().isLessThan(1_000_000);
    assertThat(result.history().steps()).isEqualTo(result.stepsDone());
    assertThat(result.message()).contains("time budget");
    assertThat(TrainerState.read(dir.resolve(Trainer.STATE_FILE)).step()).isEqualTo(result.stepsDone());
  }

  @Test
  void badKeysAreNamed(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> TrainSettings.parse(Map.of("lr", "-1"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("train.lr");
    assertThatThrownBy(() -> TrainSettings.parse(Map.of("stepz", "1"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("train.stepz");
    assertThatThrownBy(() -> TrainSettings.parse(Map.of("ema", "1"))).hasMessageContaining("train.ema");
    // a checkpoint from another model shape
    MlpModel small = model();
    new Trainer(settings(2, Map.of())).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(small, new RegressionLoss()), new RandomSource(1), dir, false);
    MlpModel wide = new MlpModel(new MlpConfig(2, new int[] {32}, "silu", 4, 10, false, false), new RandomSource(1));
    assertThatThrownBy(() -> new Trainer(settings(4, Map.of())).withProgress(TrainingProgress.NONE)
        .train(METHOD, components(wide, new RegressionLoss()), new RandomSource(1), dir, true))
        .hasMessageContaining("another model shape");
  }
}
