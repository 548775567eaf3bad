package io.driftkit.api;

/**
 * The training contract of control methods: they simulate their generative chain and weight every path with its
 * exact discrete-time importance weight {@code log w} ({@code E[w] = Z}), from which path-space losses follow.
 */
public interface PathSupport extends TrainingSupport {

  /**
   * {@code Var(log w)} over {@code n} paths simulated with the model held fixed, and its parameter gradient.
   *
   * @param noiseScale the paths' noise relative to the chain's (1: on-policy; above 1 explores)
   */
  Loss.Value logVariance(LearnableDriftModel model, int n, RandomSource random, double noiseScale);

  /** {@code -mean log w} (minus the ELBO) over {@code n} paths and its gradient through the simulated chain. */
  Loss.Value pathKl(LearnableDriftModel model, int n, RandomSource random);
}
