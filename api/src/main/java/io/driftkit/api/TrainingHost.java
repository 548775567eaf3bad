package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the host offers a method that trains in phases ({@link PhasedTraining}): it trains one model on one loss per
 * call with the run's {@code train.*} settings (Adam, learning-rate schedule, clipping, EMA, NaN guard, a checkpoint
 * per phase and exact resume), and records the method's per-iteration convergence numbers for {@code metrics.json}
 * and a plot, computing sample distances with the host's metrics.
 */
public interface TrainingHost {

  /**
   * Trains {@code model} on {@code loss} for {@code train.steps} steps (fewer when {@code train.max-seconds} runs
   * out; that budget's clock starts with the first phase, so what the method prepares before it is timed apart).
   * A phase that a resumed run had completed restores the model's weights without training again. When a stop is
   * requested (Ctrl-C, SIGTERM), the phase checkpoints after its current step, or does not start, and this call
   * throws an unchecked exception that the method must let pass: the run ends interrupted and a resume continues it.
   *
   * @param phase a name unique within the run, used as a file name (letters, digits and '-')
   * @param support what the loss may ask for through {@link TrainingContext#support}
   * @return the outcome; on divergence the model keeps its last finite weights
   */
  Phase train(String phase, LearnableDriftModel model, Loss loss, TrainingSupport support);

  /** Records {@code value} of the series {@code name} at {@code iteration} (from 1). */
  void record(int iteration, String name, double value);

  /**
   * Records how far {@code samples} lie from {@code reference} at {@code iteration}: the series {@code name}
   * followed by {@code _sinkhorn}, {@code _mmd2} (signed MMD^2), {@code _mean_error} and
   * {@code _second_moment_error} (the run's sample metrics, with its {@code sample.*} caps).
   */
  void compare(int iteration, String name, INDArray samples, INDArray reference);

  /**
   * Records the log importance weights of paths at {@code iteration}: the series {@code name} followed by
   * {@code _elbo}, {@code _log_z_is} and {@code _ess}.
   */
  void recordLogWeights(int iteration, String name, double[] logWeights);

  /** Writes a line to the run's log (for example, which iteration diverged). */
  void log(String message);

  /**
   * The outcome of one phase.
   *
   * @param name the phase
   * @param steps optimiser steps done in this phase
   * @param loss mean loss over the last hundredth of the phase's steps
   * @param seconds wall time of the phase
   * @param divergedAt the step at which the loss or gradient stopped being finite, or -1
   * @param message a one-line summary (the failing step when diverged)
   */
  record Phase(String name, int steps, double loss, double seconds, int divergedAt, String message) {

    /** Whether the loss or gradient stopped being finite. */
    public boolean diverged() {
      return divergedAt >= 0;
    }
  }
}
