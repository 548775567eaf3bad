package io.driftkit.core.train;

import java.util.Optional;

/**
 * The outcome of {@link Trainer#train}.
 *
 * @param history per-step loss, learning rate and gradient norm, for every step done (resumed runs included)
 * @param stepsDone steps completed
 * @param seconds training wall time, a resumed run's earlier invocations included (as their checkpoint recorded)
 * @param divergedAt the step at which the loss or gradient stopped being finite, or -1
 * @param message a human-readable summary (the NaN step and the last good checkpoint when diverged)
 * @param interrupted whether a stop request ended training early, after a checkpoint at {@code stepsDone}
 */
public record TrainResult(TrainHistory history, int stepsDone, double seconds, int divergedAt, String message,
    boolean interrupted) {

  /** A result of training that was not interrupted. */
  public TrainResult(TrainHistory history, int stepsDone, double seconds, int divergedAt, String message) {
    this(history, stepsDone, seconds, divergedAt, message, false);
  }

  public boolean diverged() {
    return divergedAt >= 0;
  }

  public Optional<Integer> divergenceStep() {
    return diverged() ? Optional.of(divergedAt) : Optional.empty();
  }
}
