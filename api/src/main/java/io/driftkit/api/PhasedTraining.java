package io.driftkit.api;

/**
 * The training of a {@link Method} that learns in several phases rather than once: iterative proportional fitting
 * alternates a backward and a forward network, each phase a regression on paths simulated with the other. When a
 * method offers it ({@link Method#phasedTraining()}), the host calls {@link #train} instead of training the run's
 * model with the run's loss, and trains every phase the method asks for with the run's {@code train.*} settings.
 */
public interface PhasedTraining {

  /** How many phases {@link #train} asks the host for (progress and time budgets are shared out by it). */
  int phases(Components components);

  /**
   * Runs every phase through {@code host}. A phase that diverges is reported by the host, not thrown; what to do
   * then (e.g. keep the last good networks) is the method's choice. An exception ends the run.
   *
   * @param random the run's training stream; phases draw from named streams split from it
   */
  void train(Components components, TrainingHost host, RandomSource random);
}
