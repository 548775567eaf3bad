package io.driftkit.api;

/**
 * Draws weighted particles of a run's target from another method (an SMC sampler, a trained control sampler), for
 * a method that learns from them; see {@link io.driftkit.api.plugin.ComponentContext#sampler}.
 */
public interface TargetSampler {

  /**
   * {@code n} particles with their log importance weights ({@code E[exp(logWeights)] = Z}; never null).
   *
   * @param random the stream the draw uses, so a method can refresh its particles with new named streams
   */
  Method.Sample sample(int n, RandomSource random);

  /** What the particles come from, for messages and metrics (e.g. {@code smc} or a run directory). */
  String description();
}
