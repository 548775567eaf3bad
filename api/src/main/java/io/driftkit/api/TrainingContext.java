package io.driftkit.api;

import java.util.Optional;

/** What a {@link Loss} may use at one training step. */
public interface TrainingContext {

  /** The components of the run. */
  Components components();

  /** The model being trained. */
  LearnableDriftModel model();

  /** The randomness for this step (a fresh stream per step, derived from the run's seed). */
  RandomSource random();

  /** The configured batch size. */
  int batchSize();

  /** The step number, from 0. */
  int step();

  /** Training data, for methods that learn from samples. */
  Optional<DataSource> data();

  /** A family-specific helper the {@link Method} supplies (e.g. a path simulator), if present. */
  <T> Optional<T> extension(Class<T> type);
}
