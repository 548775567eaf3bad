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

  /**
   * What this method offers its loss ({@link SampleSupport}, {@link PathSupport}, or a family's own contract); the
   * loss's {@link Loss#requires()} must accept it.
   */
  default TrainingSupport trainingSupport(Components components) {
    return TrainingSupport.NONE;
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
   * Log importance weights along the method's reference paths that end at exact target samples, where the method
   * has such paths; their mean is the EUBO, an upper bound on log Z.
   */
  default Optional<INDArray> logWeightsOnTargetSamples(Components components, INDArray targetSamples,
      RandomSource random) {
    return Optional.empty();
  }

  /**
   * How many times {@link #sample} tells its observer of a step when drawing {@code n} samples, so progress can be
   * shown as a fraction: by default one pass over the integrator's grid, or 1 without an integrator.
   */
  default long sampleSteps(Components components, int n) {
    Integrator integrator = components.integrator();
    return integrator == null ? 1 : integrator.grid(0, 1).steps();
  }

  /**
   * Draws {@code n} samples.
   *
   * @param observer told of every step (progress, finiteness checks); {@link #sampleSteps} says how many
   */
  Sample sample(Components components, int n, RandomSource random, StepObserver observer);

  /**
   * What sampling produced.
   *
   * @param samples {@code [n, d]} float64
   * @param logWeights {@code [n]} float64 log importance weights with {@code E[exp(logWeights)] = Z}, or null
   *     where the method gives none
   * @param functionEvaluations drift evaluations per sample path (NFE)
   * @param metrics further method-specific numbers (e.g. {@code acceptance_rate}); counts as integers
   */
  record Sample(INDArray samples, INDArray logWeights, long functionEvaluations,
      Map<String, ? extends Number> metrics) {}
}
