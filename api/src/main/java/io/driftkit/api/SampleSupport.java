package io.driftkit.api;

/** The training contract of methods that learn from samples (denoising score matching and its kin). */
public interface SampleSupport extends TrainingSupport {

  /** The samples to learn from: a data file's training rows or a target's exact sampler. */
  DataSource data();
}
