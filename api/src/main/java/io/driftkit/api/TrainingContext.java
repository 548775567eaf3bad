package io.driftkit.api;

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

  /**
   * The method's training support as the contract this loss declared in {@link Loss#requires()}; the run was
   * assembled only after checking that the method offers it.
   *
   * @throws IllegalStateException when asked for a contract the method does not offer
   */
  <S extends TrainingSupport> S support(Class<S> contract);
}
