package io.driftkit.core.train;

import io.driftkit.api.Components;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.TrainingSupport;
import io.driftkit.toolkit.Rows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a run's learnable model with its loss: Adam with a learning-rate schedule, gradient-norm clipping, an EMA
 * of the weights, a NaN/Inf guard, periodic checkpoints and exact resume.
 *
 * <p>Step k draws all its randomness from {@code run.split("train-step-" + k)}, and a checkpoint holds the full
 * optimiser state, so a run resumed from a checkpoint gives the same numbers as one that never stopped.
 *
 * <p>Checkpoint directory layout: {@value #MODEL_FILE} (the weights to sample with: the EMA when enabled) and
 * {@value #STATE_FILE} (optimiser state and history).
 */
public final class Trainer {

  /** The model weights used for sampling, written by {@link LearnableDriftModel#save}. */
  public static final String MODEL_FILE = "model.bin";
  /** The optimiser state for resuming. */
  public static final String STATE_FILE = "trainer-state.bin";

  private final TrainSettings settings;
  private TrainingProgress progress = TrainingProgress.NONE;

  public Trainer(TrainSettings settings) {
    this.settings = settings;
  }

  private java.util.function.BooleanSupplier stopRequested = () -> false;

  /**
   * Asked after every step: once it says true, training checkpoints the steps done and returns, interrupted (a
   * signal handler sets it, so Ctrl-C or SIGTERM loses no finished step).
   */
  public Trainer withStopRequest(java.util.function.BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    return this;
  }

  /** Reports progress here (the default reports nothing). */
  public Trainer withProgress(TrainingProgress progress) {
    this.progress = progress;
    return this;
  }

  public TrainSettings settings() {
    return settings;
  }

  /**
   * Trains {@code components.model()} with {@code components.loss()} for {@code train.steps} steps.
   *
   * @param run the run's random source (step k uses {@code run.split("train-step-" + k)})
   * @param checkpointDir where checkpoints go (created if needed), or null for none
   * @param resume continue from the state in {@code checkpointDir} if there is one
   * @return the history; on divergence the model keeps the last finite weights and nothing is overwritten
   */
  public TrainResult train(Method method, Components components, RandomSource run, Path checkpointDir,
      boolean resume) {
    if (!method.trainable(components) || settings.steps() == 0) {
      return new TrainResult(new TrainHistory(new double[0], new double[0], new double[0]), 0, 0, -1,
          "nothing to train");
    }
    return train((LearnableDriftModel) components.model(), components.loss(), method.trainingSupport(components),
        components, run, checkpointDir, resume, settings.maxSeconds());
  }

  /**
   * Trains {@code model} with {@code loss} for {@code train.steps} steps, or until {@code maxSeconds} of wall time
   * are spent (0: no limit): one phase of a method that trains several models in turn.
   *
   * @param support what the loss may ask for through {@link TrainingContext#support}
   * @param run the phase's random source (step k uses {@code run.split("train-step-" + k)})
   * @param checkpointDir where checkpoints go (created if needed), or null for none
   * @param resume continue from the state in {@code checkpointDir} if there is one (a completed state restores the
   *     final weights without training)
   */
  public TrainResult train(LearnableDriftModel model, Loss loss, TrainingSupport support, Components components,
      RandomSource run, Path checkpointDir, boolean resume, double maxSeconds) {
    int total = settings.steps();
    double[] lossHistory = new double[total];
    double[] lrHistory = new double[total];
    double[] normHistory = new double[total];
    TrainHistory history = new TrainHistory(lossHistory, lrHistory, normHistory);
    Adam adam = new Adam(model.parameters(), settings.beta1(), settings.beta2(), settings.epsilon());
    INDArray ema = settings.ema() > 0 ? adam.theta.dup() : null;
    int start = 0;
    double earlier = 0; // training time of the invocations a resume continues
    if (resume && checkpointDir != null && Files.exists(checkpointDir.resolve(STATE_FILE))) {
      TrainerState state = readState(checkpointDir.resolve(STATE_FILE), model);
      earlier = state.seconds();
      state.restore(adam);
      if (ema != null) {
        ema.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(state.ema() != null ? state.ema() : state.theta()));
      }
      start = Math.min(state.step(), total);
      int keep = Math.min(start, state.history().steps());
      System.arraycopy(state.history().loss(), 0, lossHistory, 0, keep);
      System.arraycopy(state.history().learningRate(), 0, lrHistory, 0, keep);
      System.arraycopy(state.history().gradientNorm(), 0, normHistory, 0, keep);
      model.setParameters(adam.theta);
    }
    int lastCheckpoint = start > 0 ? start : -1;
    double finalSeconds = -1;
    long began = System.nanoTime();
    int divergedAt = -1;
    int stoppedAt = total;
    for (int k = start; k < total; k++) {
      double used = (System.nanoTime() - began) / 1e9;
      if (maxSeconds > 0 && used > maxSeconds) {
        stoppedAt = k;
        break;
      }
      double lr = settings.learningRate(k, maxSeconds > 0 ? used / maxSeconds : 0);
      Context context = new Context(components, model, run.split("train-step-" + k), settings.batch(), k, support);
      Loss.Value value = loss.evaluate(context);
      INDArray grad = value.gradient().castTo(DataType.DOUBLE);
      double norm = Rows.norm2(grad);
      lossHistory[k] = value.loss();
      lrHistory[k] = lr;
      normHistory[k] = norm;
      if (!Double.isFinite(value.loss()) || !Double.isFinite(norm)) {
        divergedAt = k;
        break;
      }
      if (settings.clip() > 0 && norm > settings.clip()) {
        grad = grad.muli(settings.clip() / norm); // the loss's gradient is this step's own
      }
      adam.step(grad, lr);
      Rows.release(grad);
      if (value.gradient() != grad) {
        Rows.release(value.gradient());
      }
      model.setParameters(adam.theta);
      if (ema != null) {
        ema.muli(settings.ema()).addi(adam.theta.mul(1 - settings.ema()));
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      progress.onStep(k, total, value.loss(), (k + 1 - start) / Math.max(seconds, 1e-9));
      boolean periodic = settings.checkpointEvery() > 0 && (k + 1) % settings.checkpointEvery() == 0;
      boolean stop = k + 1 < total && stopRequested.getAsBoolean();
      if (checkpointDir != null && (periodic || stop || k + 1 == total)) {
        double elapsed = earlier + (System.nanoTime() - began) / 1e9;
        checkpoint(checkpointDir, k + 1, adam, ema, history, model, elapsed);
        lastCheckpoint = k + 1;
        if (k + 1 == total) {
          // the time the run reports is the time its checkpoint recorded, so a resume continues from that very number
          // (writing the last checkpoint is not training)
          finalSeconds = elapsed;
        }
      }
      if (stop) {
        model.setParameters(ema != null ? ema : adam.theta);
        return new TrainResult(history.prefix(k + 1), k + 1, earlier + (System.nanoTime() - began) / 1e9, -1,
            "training interrupted after step " + (k + 1) + " of " + total
                + (checkpointDir != null ? "; checkpoint written to " + checkpointDir : ""), true);
      }
    }
    if (stoppedAt < total && checkpointDir != null && stoppedAt > Math.max(lastCheckpoint, 0)) {
      checkpoint(checkpointDir, stoppedAt, adam, ema, history.prefix(stoppedAt), model,
          earlier + (System.nanoTime() - began) / 1e9);
    }
    model.setParameters(ema != null ? ema : adam.theta);
    double seconds = finalSeconds >= 0 && stoppedAt == total ? finalSeconds
        : earlier + (System.nanoTime() - began) / 1e9;
    if (divergedAt >= 0) {
      String where = lastCheckpoint >= 0 ? "the last good checkpoint is " + checkpointDir.resolve(MODEL_FILE)
          + " (step " + lastCheckpoint + ")" : "no checkpoint was written";
      return new TrainResult(history.prefix(divergedAt + 1), divergedAt, seconds, divergedAt,
          "training stopped: loss or gradient not finite at step " + divergedAt + " (loss " + lossHistory[divergedAt]
              + "); " + where);
    }
    if (stoppedAt < total) {
      return new TrainResult(history.prefix(stoppedAt), stoppedAt, seconds, -1, "trained " + (stoppedAt - start)
          + " steps, stopped by the time budget of " + maxSeconds + " s" + (start > 0 ? " (resumed at step " + start
          + ")" : ""));
    }
    return new TrainResult(history, total, seconds, -1, "trained " + (total - start) + " steps"
        + (start > 0 ? " (resumed at step " + start + ")" : ""));
  }

  /**
   * The step a checkpoint directory's state reached, checked for a resume before anything is written: readable,
   * and holding as many parameters as {@code model}.
   *
   * @throws ConfigException naming the file and what is wrong with it
   */
  public static int checkpointStep(Path checkpointDir, LearnableDriftModel model) {
    Path file = checkpointDir.resolve(STATE_FILE);
    try {
      return readState(file, model).step();
    } catch (UncheckedIOException | IllegalArgumentException e) {
      String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
          : e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getMessage();
      throw new io.driftkit.api.config.ConfigException("cannot resume from " + file + ": " + cause);
    }
  }

  private static TrainerState readState(Path file, LearnableDriftModel model) {
    try {
      TrainerState state = TrainerState.read(file);
      if (state.theta().length != model.parameterCount()) {
        throw new IllegalArgumentException("checkpoint " + file + " holds " + state.theta().length
            + " parameters but the configured model has " + model.parameterCount()
            + "; it comes from another model shape (keys model.*, target dim)");
      }
      return state;
    } catch (java.io.EOFException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file,
          new IOException("the file ends early (damaged or cut short)", e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file, e);
    }
  }

  private static void checkpoint(Path dir, int step, Adam adam, INDArray ema, TrainHistory history,
      LearnableDriftModel model, double seconds) {
    try {
      Files.createDirectories(dir);
      TrainerState.of(step, adam, ema, history, seconds).write(dir.resolve(STATE_FILE));
      // the model file holds the sampling weights; the model itself continues from theta
      Path tmp = dir.resolve(MODEL_FILE + ".tmp");
      if (ema != null) {
        model.setParameters(ema);
      }
      model.save(tmp);
      if (ema != null) {
        model.setParameters(adam.theta);
      }
      Files.move(tmp, dir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
    }
  }

  /** The {@link TrainingContext} of one step. */
  private record Context(Components components, LearnableDriftModel model, RandomSource random, int batchSize,
      int step, TrainingSupport offered) implements TrainingContext {
    @Override
    public <S extends TrainingSupport> S support(Class<S> contract) {
      if (!contract.isInstance(offered)) {
        throw new IllegalStateException("the loss asks for " + contract.getSimpleName() + ", but the method offers "
            + offered);
      }
      return contract.cast(offered);
    }
  }

  @Override
  public String toString() {
    return "Trainer" + Arrays.asList(settings);
  }
}
