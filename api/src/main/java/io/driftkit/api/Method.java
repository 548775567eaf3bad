package io.driftkit.api;

import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A method family ({@code langevin}, {@code dis}, {@code score-sde}, ...): assembles the generative dynamics from the
 * run's components, says how it samples and how it estimates log Z. The pipeline talks only to this interface.
 * Which roles a method needs, and its default plugin for each, its factory declares ({@code MethodFactory}).
 */
public interface Method {

  /**
   * Checks that the components fit together (e.g. an SDE integrator for a stochastic method).
   *
   * @throws io.driftkit.api.config.ConfigException naming the key at fault
   */
  default void validate(Components components) {}

  /** Whether this run has something to train (a learnable model and a loss). */
  default boolean trainable(Components components) {
    return components.loss() != null && components.model() instanceof LearnableDriftModel;
  }

  /** The data a loss learns from, if the method learns from samples. */
  default Optional<DataSource> trainingData(Components components) {
    return Optional.empty();
  }

  /** Family-specific helpers offered to the loss through {@link TrainingContext#extension}. */
  default Map<Class<?>, Object> trainingExtensions(Components components) {
    return Map.of();
  }

  /**
   * Samples of the distribution this run should reproduce, for the metrics (MMD, Sinkhorn, plots): by default the
   * target's exact samples; a method that learns from a data file returns held-out data instead.
   */
  default Optional<INDArray> referenceSamples(Components components, int n, RandomSource random) {
    return components.target().hasExactSampler() ? Optional.of(components.target().sample(n, random))
        : Optional.empty();
  }

  /**
   * Draws {@code n} samples.
   *
   * @param observer told of every integrator step (progress, finiteness checks)
   */
  Sample sample(Components components, int n, RandomSource random, StepObserver observer);

  /**
   * What sampling produced.
   *
   * @param samples {@code [n, d]} float64
   * @param logWeights {@code [n]} float64 log importance weights with {@code E[exp(logWeights)] = Z}, or null
   *     where the method gives none
   * @param functionEvaluations drift evaluations per sample path (NFE)
   * @param metrics further method-specific numbers (e.g. {@code acceptance_rate})
   */
  record Sample(INDArray samples, INDArray logWeights, long functionEvaluations, Map<String, Double> metrics) {}
}
