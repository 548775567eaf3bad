package io.driftkit.core.train;

/**
 * Where training reports progress. The pipeline passes it on to its {@link io.driftkit.core.run.ProgressListener}
 * (the command line's is a bar on a terminal, plain lines otherwise); the default is silence.
 */
@FunctionalInterface
public interface TrainingProgress {

  /** Called after every step with the loss and the rate since the run (or resume) began. */
  void onStep(int step, int totalSteps, double loss, double stepsPerSecond);

  /** Silence. */
  TrainingProgress NONE = (step, total, loss, rate) -> { };
}
